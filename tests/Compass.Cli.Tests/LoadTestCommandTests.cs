using System.Text.Json;
using Compass.Observability.Tests.FakeOpenAi;

namespace Compass.Cli.Tests;

public sealed class LoadTestCommandTests
{
    private static string[] Args(FakeOpenAiServer server, params string[] extra)
        => ["loadtest", "--url", server.BaseUri.ToString(), "--model", "fake", "--prompt-tokens", "32", "--output-tokens", "6", .. extra];

    [Fact]
    public async Task LoadTest_Synchronous_PrintsTheTable()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(30) });
        var run = await CliRun.RunAsync(Args(server, "--profile", "synchronous", "--requests", "3"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        foreach (var text in new[] { "Compass loadtest: fake at http://127.0.0.1:", "/v1/completions", "Strategy", "TTFT p50/p95/p99 ms", "ITL p50/p95 ms", "E2E p50/p95 s", "synchronous" })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(3, server.Bodies.Count);
    }

    [Fact]
    public async Task LoadTest_Json_IsTheGuideLlmLayout_AndOutWritesEveryRequest()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"compass-loadtest-{Guid.NewGuid():N}.json");
        try
        {
            var run = await CliRun.RunAsync(Args(server, "--profile", "poisson", "--rate", "40", "--requests", "5", "--chat", "--seed", "3", "--json", "--out", path));
            Assert.Equal(ExitCodes.Success, run.ExitCode);

            using var doc = JsonDocument.Parse(run.Stdout);
            var benchmark = Assert.Single(doc.RootElement.GetProperty("benchmarks").EnumerateArray());
            Assert.Equal("poisson", benchmark.GetProperty("config").GetProperty("strategy").GetProperty("type_").GetString());
            Assert.Equal(5, benchmark.GetProperty("metrics").GetProperty("request_totals").GetProperty("successful").GetInt32());
            Assert.True(benchmark.GetProperty("metrics").GetProperty("time_to_first_token_ms").GetProperty("successful").GetProperty("percentiles").TryGetProperty("p95", out _));
            Assert.False(benchmark.TryGetProperty("requests", out _));
            Assert.Equal("chat_completions", doc.RootElement.GetProperty("args").GetProperty("request_type").GetString());

            using var full = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            Assert.Equal(5, full.RootElement.GetProperty("benchmarks")[0].GetProperty("requests").GetProperty("successful").GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task LoadTest_Sweep_RunsTheBenchmarks()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var run = await CliRun.RunAsync(Args(server, "--profile", "sweep", "--rate", "4", "--requests", "3", "--max-concurrency", "3", "--json"));
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(
            ["synchronous", "throughput", "constant", "constant"],
            doc.RootElement.GetProperty("benchmarks").EnumerateArray().Select(b => b.GetProperty("config").GetProperty("strategy").GetProperty("type_").GetString()));
    }

    [Fact]
    public async Task LoadTest_ErrorsArePrintedByKind()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, n) => n % 2 == 1 ? new FakeScript { Status = 503 } : new FakeScript());
        var run = await CliRun.RunAsync(Args(server, "--profile", "concurrent", "--concurrency", "2", "--requests", "6"));
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("errors http_503 3", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_EveryRequestFails_IsAnError()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { Status = 500 });
        var run = await CliRun.RunAsync(Args(server, "--profile", "synchronous", "--requests", "2"));
        Assert.Contains("No request to", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_NonOpenAiServer_OneLineError()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { Junk = "hello\nworld\n", JunkContentType = "text/event-stream" });
        var run = await CliRun.RunAsync(Args(server, "--profile", "synchronous", "--duration", "30"));
        Assert.Contains("does not answer like an OpenAI-compatible streaming server", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_UnreachableUrl_OneLineError()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUri.Port;
        }

        var run = await CliRun.RunAsync("loadtest", "--url", $"http://127.0.0.1:{port}", "--model", "m", "--profile", "constant", "--rate", "20", "--duration", "30", "--prompt-tokens", "8", "--output-tokens", "4");
        Assert.Contains("cannot connect", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Give --url", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--url must be an http(s) URL", "--url", "localhost:8000", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("Give --model", "--url", "http://127.0.0.1:9", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("Give --profile", "--url", "http://127.0.0.1:9", "--model", "m", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--profile must be one of", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "burst", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--profile poisson needs --rate", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "poisson", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--profile concurrent needs --concurrency", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "concurrent", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--rate does not apply to --profile synchronous", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--rate", "2", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("Give --duration S or --requests N", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--prompt-tokens", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "normal:x", "--output-tokens", "4")]
    [InlineData("Give --output-tokens", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--prompt-tokens", "8")]
    [InlineData("number of benchmarks", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "sweep", "--rate", "2", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--rate must be between", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "constant", "--rate", "-1", "--requests", "1", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--warmup must be between", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--warmup", "0", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("--warmup", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--warmup", "soon", "--prompt-tokens", "8", "--output-tokens", "4")]
    [InlineData("Did you mean --concurrency?", "--url", "http://127.0.0.1:9", "--concurency", "2")]
    [InlineData("takes options only", "http://127.0.0.1:9")]
    public async Task LoadTest_BadInput_OneLineError(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(["loadtest", .. args]);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task LoadTest_Help_ListsTheOptions()
    {
        var run = await CliRun.RunAsync("loadtest", "--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--url", "--model", "--profile", "--rate", "--concurrency", "--duration", "--requests", "--prompt-tokens", "--output-tokens", "--warmup", "--seed", "--chat", "--json", "--out" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }
    }
}
