using System.Text.Json.Nodes;
using Compass.Observability.Tests.FakeOpenAi;

namespace Compass.Api.Tests;

/// <summary>Load tests and validation against the fake OpenAI-compatible server.</summary>
[Collection(DefaultApi.Name)]
public sealed class LoadEndpointTests(ApiFactory api)
{
    [Fact]
    public async Task LoadTest_ReturnsTheReport()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var body = new JsonObject
        {
            ["url"] = server.BaseUri.ToString(), ["model"] = "fake", ["profile"] = "concurrent", ["concurrency"] = 2,
            ["requests"] = 6, ["durationSeconds"] = 5, ["promptTokens"] = "16", ["outputTokens"] = "4",
        };

        var (response, report) = await api.PostAsync("/api/loadtest", body.ToJsonString());

        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEmpty(report!["benchmarks"]!.AsArray());
        Assert.NotEmpty(server.Bodies);
    }

    [Fact]
    public async Task Validate_EventStream_SendsProgressThenResult()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var (_, plan) = await api.PostAsync("/api/plan", """{ "description": "chatbot for 50 users", "top": 1 }""");
        var body = new JsonObject { ["url"] = server.BaseUri.ToString(), ["plan"] = plan, ["model"] = "fake", ["durationSeconds"] = 1 };

        var (response, _) = await api.PostAsync("/api/validate", body.ToJsonString(), "text/event-stream");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('\n')[0]["event: ".Length..]).ToList();
        Assert.Equal("progress", events[0]);
        Assert.Equal("result", events[^1]);
        var result = JsonNode.Parse(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n')[1]["data: ".Length..])!;
        Assert.NotNull(result["passed"]);
    }

    [Theory]
    [InlineData("/api/loadtest", """{ "url": "file:///etc/passwd", "model": "m", "profile": "synchronous" }""")]
    [InlineData("/api/loadtest", """{ "url": "ftp://example.com", "model": "m", "profile": "synchronous" }""")]
    [InlineData("/api/validate", """{ "url": "not a url", "plan": {} }""")]
    public async Task Load_NonHttpUrl_Is400NamingUrl(string path, string json)
    {
        var (response, body) = await api.PostAsync(path, json);

        ApiFactory.AssertProblem(response, body, 400, "url");
    }

    [Fact]
    public async Task LoadTest_DurationAboveTheLimit_Is400()
    {
        var (response, body) = await api.PostAsync("/api/loadtest", """{ "url": "http://localhost:1", "model": "m", "profile": "synchronous", "durationSeconds": 100000 }""");

        ApiFactory.AssertProblem(response, body, 400, "durationSeconds");
    }

    [Theory]
    [InlineData("/api/loadtest", "http://10.20.30.40:8000")]
    [InlineData("/api/loadtest", "http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("/api/validate", "https://api.example.com")]
    public async Task Load_HostNotAllowed_Is403NamingUrl_AndTheSettingThatAllowsIt(string path, string url)
    {
        var json = path.EndsWith("loadtest", StringComparison.Ordinal)
            ? new JsonObject { ["url"] = url, ["model"] = "m", ["profile"] = "synchronous" }
            : new JsonObject { ["url"] = url, ["plan"] = new JsonObject() };

        var (response, body) = await api.PostAsync(path, json.ToJsonString());

        ApiFactory.AssertProblem(response, body, 403, "url");
        Assert.Contains("Compass:Limits:LoadTestHosts", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_HostMatchingAnAllowedPattern_IsLoaded()
    {
        // 'fake.invalid' never resolves (RFC 6761), so an allowed target reaches the load tester and fails there (502),
        // where a refused one would be 403 before any traffic.
        await using var allowed = ApiFactory.With(("Compass:Limits:LoadTestHosts:0", "*.invalid"));
        var json = """{ "url": "http://fake.invalid:8000", "model": "m", "profile": "synchronous", "durationSeconds": 1, "requests": 1 }""";

        var (response, body) = await allowed.PostAsync("/api/loadtest", json);

        Assert.NotEqual(403, (int)response.StatusCode);
        Assert.True((int)response.StatusCode is 200 or 502, $"status {(int)response.StatusCode}: {body}");
    }
}
