using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Observability.Tests.FakeOpenAi;

namespace Compass.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compass-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A real plan from 'compass plan --json' (with its 'extraction'), reshaped for a fast fake server: short requests at 20 req/s.</summary>
    private async Task<string> PlanFile(double ttftTargetMs = 2000)
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 50 users", "--json", "--top", "2");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var plan = JsonNode.Parse(run.Stdout)!.AsObject();
        Assert.True(plan.ContainsKey("extraction"));
        var traffic = plan["traffic"]!.AsObject();
        var replicas = plan["recommendations"]![0]!["replicas"]!.GetValue<int>();
        traffic["peakQps"] = 20.0 * replicas;
        traffic["promptTokens"] = JsonNode.Parse("""{"kind":"fixed","mean":16,"stdDev":0,"min":16,"max":16}""");
        traffic["outputTokens"] = JsonNode.Parse("""{"kind":"fixed","mean":4,"stdDev":0,"min":4,"max":4}""");
        plan["slo"] = JsonNode.Parse($$"""{"ttftMs":{{ttftTargetMs}},"itlMs":1000,"e2eMs":8000,"percentile":95}""");
        var predicted = plan["recommendations"]![0]!["predicted"]!.AsObject();
        predicted["ttftMs"] = 50.0;
        predicted["itlMs"] = 5.0;
        predicted["e2eMs"] = 100.0;
        var path = Path.Combine(_dir, "plan.json");
        await File.WriteAllTextAsync(path, plan.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Validate_FastServer_Passes()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var plan = await PlanFile();
        var run = await CliRun.RunAsync("validate", "--url", server.BaseUri.ToString(), "--plan", plan, "--duration", "1", "--model", "fake");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var text in new[] { "Compass validate: #1", "poisson at 20 req/s per replica", "SLO (p95)", "TTFT ms", "ITL ms", "E2E ms", "Errors", "PASS: every SLO holds" })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }

        Assert.All(server.Bodies, b => Assert.Equal("fake", b["model"]!.GetValue<string>()));
        Assert.All(server.Bodies, b => Assert.Equal(4, b["max_tokens"]!.GetValue<int>()));
        Assert.InRange(server.Bodies.Count, 5, 45);
    }

    [Fact]
    public async Task Validate_SlowFirstToken_FailsTtft_Exit4_Json()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(300) });
        var plan = await PlanFile(ttftTargetMs: 100);
        var run = await CliRun.RunAsync("validate", "--url", server.BaseUri.ToString(), "--plan", plan, "--requests", "6", "--json");

        Assert.Equal(ExitCodes.SloFailed, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("passed").GetBoolean());
        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("metric").GetString()!);
        Assert.False(checks["TTFT"].GetProperty("passed").GetBoolean());
        Assert.True(checks["TTFT"].GetProperty("measuredMs").GetDouble() >= 290);
        Assert.True(checks["TTFT"].GetProperty("predictionErrorPercent").GetDouble() > 400);
        Assert.True(checks["ITL"].GetProperty("passed").GetBoolean());
        Assert.Equal(20, root.GetProperty("ratePerReplica").GetDouble(), 6);
        Assert.Equal(6, root.GetProperty("requests").GetProperty("successful").GetInt32());
        Assert.Equal("openai/gpt-oss-20b", server.Bodies.First()["model"]!.GetValue<string>().Length > 0 ? root.GetProperty("model").GetString() : null);
    }

    [Fact]
    public async Task Validate_ServerErrors_FailTheErrorBudget()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, n) => n % 3 == 0 ? new FakeScript { Status = 500 } : new FakeScript());
        var plan = await PlanFile();
        var run = await CliRun.RunAsync("validate", "--url", server.BaseUri.ToString(), "--plan", plan, "--requests", "9");

        Assert.Equal(ExitCodes.SloFailed, run.ExitCode);
        Assert.Contains("FAIL: errors miss", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("http_500 3", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownRank_OneLineError()
    {
        var plan = await PlanFile();
        var ranks = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(plan))!["recommendations"]!.AsArray().Select(r => r!["rank"]!.GetValue<int>());
        var run = await CliRun.RunAsync("validate", "--url", "http://127.0.0.1:9", "--plan", plan, "--rank", "99");
        Assert.Contains($"no recommendation ranked 99; its ranks are {string.Join(", ", ranks)}", run.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadPlanFile_OneLineError()
    {
        var bad = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(bad, """{"recommendations": 3}""");
        var run = await CliRun.RunAsync("validate", "--url", "http://127.0.0.1:9", "--plan", bad);
        Assert.Contains("is not a Compass plan", run.AssertOneLineError(), StringComparison.Ordinal);

        var missing = await CliRun.RunAsync("validate", "--url", "http://127.0.0.1:9", "--plan", Path.Combine(_dir, "nope.json"));
        Assert.Contains("Cannot read --plan", missing.AssertOneLineError(), StringComparison.Ordinal);

        var notJson = Path.Combine(_dir, "text.json");
        await File.WriteAllTextAsync(notJson, "hello");
        Assert.Contains("is not a Compass plan", (await CliRun.RunAsync("validate", "--url", "http://127.0.0.1:9", "--plan", notJson)).AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnreachableUrl_OneLineError()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUri.Port;
        }

        var plan = await PlanFile();
        var run = await CliRun.RunAsync("validate", "--url", $"http://127.0.0.1:{port}", "--plan", plan, "--duration", "30");
        Assert.Contains("cannot connect", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Give --plan", "--url", "http://127.0.0.1:9")]
    [InlineData("Give --url", "--plan", "p.json")]
    [InlineData("--rank must be between", "--url", "http://127.0.0.1:9", "--plan", "p.json", "--rank", "0")]
    public async Task Validate_BadInput_OneLineError(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(["validate", .. args]);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }
}
