using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Observability.Tests.LoadTesting;

/// <summary>The metric arithmetic from an SSE stream, measured against a fake clock: exact, with no real waiting.</summary>
public sealed class StreamMeasurementTests
{
    private static readonly LoadTestOptions Options = new()
    {
        Endpoint = new Uri("http://fake.test"),
        Model = "m",
        Profile = LoadProfile.Synchronous(),
        PromptTokens = TokenDistribution.Fixed(8),
        OutputTokens = TokenDistribution.Fixed(4),
        MaxRequests = 1,
    };

    private static string Chunk(string text) => $"data: {{\"choices\":[{{\"index\":0,\"text\":\"{text}\"}}]}}\n\n";

    private static async Task<(RequestRecord Record, ScriptedHandler Handler)> Measure(IReadOnlyList<(TimeSpan, string)> pieces, LoadTestOptions? options = null, string contentType = "text/event-stream")
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler(time, pieces, contentType);
        using var http = new HttpClient(handler);
        var client = new OpenAiStreamClient(http, time);
        var start = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(5));
        var record = await client.SendAsync(options ?? Options, new PlannedRequest(0, "Request 0: the", 8, 4), start, 0.005, CancellationToken.None);
        return (record, handler);
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public async Task Stream_TtftItlE2e_AreTheScriptedDelays()
    {
        var (r, _) = await Measure(
        [
            (Ms(120), Chunk("a")), (Ms(10), Chunk("b")), (Ms(20), Chunk("c")), (Ms(30), Chunk("d")),
            (Ms(1), "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}\n\n"), (Ms(4), "data: [DONE]\n\n"),
        ]);

        Assert.Equal(RequestOutcome.Successful, r.Outcome);
        Assert.Equal(120, r.TtftMs!.Value, 6);
        Assert.Equal(20, r.ItlMs!.Value, 6); // (10 + 20 + 30) / (4 - 1)
        Assert.Equal([10.0, 20.0, 30.0], r.ChunkGapsMs.Select(g => Math.Round(g, 6)));
        Assert.Equal(185, r.E2eMs, 6);
        Assert.Equal(0.005, r.StartSeconds, 9);
        Assert.Equal(0.125, r.FirstTokenSeconds!.Value, 9);
        Assert.Equal(0.190, r.EndSeconds, 9);
        Assert.Equal(4, r.OutputTokens);
        Assert.True(r.OutputTokensFromUsage);
        Assert.Equal(9, r.PromptTokens);
        Assert.Equal(4, r.ContentChunks);
        Assert.Equal(185.0 / 4, r.TimePerOutputTokenMs!.Value, 6);
    }

    [Fact]
    public async Task Stream_WithoutUsage_CountsChunks()
    {
        var (r, _) = await Measure([(Ms(50), Chunk("a")), (Ms(10), Chunk("b")), (Ms(10), Chunk("c")), (Ms(0), "data: [DONE]\n\n")]);
        Assert.Equal(3, r.OutputTokens);
        Assert.False(r.OutputTokensFromUsage);
        Assert.Equal(10, r.ItlMs!.Value, 6);
    }

    [Fact]
    public async Task Stream_ChatRoleChunkAndComments_AreNotTokens()
    {
        var chat = Options with { Api = LoadApi.ChatCompletions };
        var (r, handler) = await Measure(
        [
            (Ms(1), ": keep-alive\n\nevent: message\n"),
            (Ms(1), "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"),
            (Ms(98), "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\n"),
            (Ms(25), "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"}}]}\n\n"),
            (Ms(0), "data: [DONE]\n\n"),
        ], chat);

        Assert.Equal(RequestOutcome.Successful, r.Outcome);
        Assert.Equal(100, r.TtftMs!.Value, 6);
        Assert.Equal(25, r.ItlMs!.Value, 6);
        var body = JsonNode.Parse(handler.LastBody!)!.AsObject();
        Assert.Equal("user", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.True(body["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.True(body["ignore_eos"]!.GetValue<bool>());
        Assert.Equal(4, body["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stream_CompletionsBody_HasPromptAndNoIgnoreEosWhenOff()
    {
        var (_, handler) = await Measure([(Ms(1), Chunk("a")), (Ms(0), "data: [DONE]\n\n")], Options with { IgnoreEos = false });
        var body = JsonNode.Parse(handler.LastBody!)!.AsObject();
        Assert.Equal("Request 0: the", body["prompt"]!.GetValue<string>());
        Assert.Equal("m", body["model"]!.GetValue<string>());
        Assert.False(body.ContainsKey("ignore_eos"));
    }

    [Theory]
    [InlineData("truncated_stream", "data: {\"choices\":[{\"index\":0,\"text\":\"a\"}]}\n\n")]
    [InlineData("invalid_response", "<html>hello</html>\n")]
    [InlineData("invalid_response", "data: {not json\n\n")]
    [InlineData("server_error", "data: {\"error\":{\"message\":\"boom\"}}\n\n")]
    [InlineData("no_tokens", "data: [DONE]\n\n")]
    public async Task Stream_Broken_IsAnErrorOfItsKind(string kind, string text)
    {
        var (r, _) = await Measure([(Ms(10), text)]);
        Assert.Equal(RequestOutcome.Errored, r.Outcome);
        Assert.Equal(kind, r.ErrorKind);
        Assert.NotNull(r.Error);
        Assert.Equal(10, r.E2eMs, 6);
    }

    [Fact]
    public async Task Response_NotAnEventStream_IsInvalid()
    {
        var (r, _) = await Measure([(Ms(3), "{\"choices\":[{\"text\":\"full answer\"}]}")], contentType: "application/json");
        Assert.Equal("invalid_response", r.ErrorKind);
        Assert.Contains("application/json", r.Error, StringComparison.Ordinal);
    }
}
