using System.Net;
using System.Text;
using System.Text.Json;

namespace Compass.Ai.Tests.Server;

/// <summary>The fake server speaks Ollama's /api/chat wire format, checked with a bare HTTP client.</summary>
public sealed class FakeOllamaServerTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    [Fact]
    public async Task NonStreaming_AnswersWithOneDoneObject()
    {
        server.Reply(ScriptedReply.Answer("{\"a\":1}"));

        var (status, body) = await PostAsync("""{"model":"m","stream":false,"messages":[{"role":"user","content":"hi"}],"format":"json"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.GetProperty("done").GetBoolean());
        Assert.Equal("stop", document.RootElement.GetProperty("done_reason").GetString());
        Assert.Equal("{\"a\":1}", document.RootElement.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("m", document.RootElement.GetProperty("model").GetString());
        Assert.Equal("json", server.Requests.Single().Format!.Value.GetString());
    }

    [Fact]
    public async Task Streaming_IsTheDefaultAndSendsNdjsonChunksThenDone()
    {
        server.Reply(ScriptedReply.Answer("{\"useCase\":\"rag\"}", doneReason: "length"));

        var (_, body) = await PostAsync("""{"model":"m","messages":[{"role":"user","content":"hi"}],"format":{"type":"object"}}""");

        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.True(lines.Length > 2);
        Assert.All(lines[..^1], l => Assert.False(l.GetProperty("done").GetBoolean()));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
        Assert.Equal("length", lines[^1].GetProperty("done_reason").GetString());
        Assert.Equal("{\"useCase\":\"rag\"}", string.Concat(lines.Select(l => l.GetProperty("message").GetProperty("content").GetString())));
        Assert.True(server.Requests.Single().HasSchema);
    }

    [Theory]
    [InlineData("\"yaml\"")]
    [InlineData("42")]
    [InlineData("{\"properties\":{}}")]
    public async Task InvalidFormat_IsRejectedAsOllamaDoes(string format)
    {
        server.Reply(ScriptedReply.Answer("{}"));

        var (status, body) = await PostAsync($$"""{"model":"m","stream":false,"messages":[],"format":{{format}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("invalid format", body, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = server.Uri };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("api/chat", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
