using System.Text.Json;

namespace Compass.Cli.Tests;

public sealed class SimulateCommandTests
{
    private static readonly string[] Base =
        ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "10", "--prompt-tokens", "lognormal:512,128", "--output-tokens", "lognormal:256,64"];

    private static readonly string[] Verdicts = ["stable", "backlogged", "overloaded"];

    private static Task<CliRun> Simulate(params string[] extra) => CliRun.RunAsync([.. Base, .. extra]);

    [Fact]
    public async Task Simulate_PrintsTheSummaryTable_ThroughputGoodputKvAndVerdict()
    {
        var run = await Simulate("--requests", "400", "--ttft", "200", "--itl", "30", "--e2e", "8000");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("Compass simulate: meta-llama/Llama-3.1-8B-Instruct (bf16) on 1×H100, 1 replica (round-robin)", run.Stdout, StringComparison.Ordinal);
        foreach (var text in new[]
        {
            "Latency (ms)", "Mean", "p50", "p90", "p95", "p99", "Max", "TTFT", "ITL (mean per request)", "Token gap (all tokens)", "E2E", "Queue",
            "Throughput", "output tokens/s", "Goodput", "of requests meet TTFT ≤ 200 ms, ITL ≤ 30 ms, E2E ≤ 8000 ms", "Preemptions", "KV cache",
            "Verdict      stable:", "nearest-rank", "400 requests, seed 42",
        })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simulate_Json_HasTheDocumentedShape()
    {
        var run = await Simulate("--requests", "300", "--replicas", "2", "--router", "least-loaded", "--arrival", "gamma:2", "--e2e", "10000", "--warmup", "10%", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", root.GetProperty("model").GetString());
        Assert.Equal(2, root.GetProperty("replicas").GetInt32());
        Assert.Equal("least-loaded", root.GetProperty("router").GetString());
        Assert.Equal("gamma:2", root.GetProperty("workload").GetProperty("arrivals").GetString());
        Assert.Equal(300, root.GetProperty("workload").GetProperty("requests").GetInt32());
        Assert.True(root.GetProperty("engine").GetProperty("kvCacheTokens").GetInt64() > 100_000);
        Assert.Equal(10_000, root.GetProperty("goodputTargets").GetProperty("e2eMs").GetDouble());

        var result = root.GetProperty("result");
        Assert.Equal(300, result.GetProperty("completed").GetInt32());
        Assert.Equal(270, result.GetProperty("measured").GetInt32());
        foreach (var metric in new[] { "ttft", "itl", "tokenGaps", "e2e", "queue" })
        {
            var s = result.GetProperty(metric);
            Assert.True(s.GetProperty("p50").GetDouble() <= s.GetProperty("p99").GetDouble());
            Assert.True(s.GetProperty("p99").GetDouble() <= s.GetProperty("max").GetDouble());
        }

        Assert.Contains(result.GetProperty("verdict").GetString(), Verdicts);
        Assert.InRange(result.GetProperty("goodputFraction").GetDouble(), 0, 1);
        Assert.True(result.GetProperty("kvUtilizationPeak").GetDouble() > 0);
        Assert.False(result.TryGetProperty("requests", out _));
    }

    [Fact]
    public async Task Simulate_SameSeed_SameOutput_OtherSeed_Different()
    {
        var a = await Simulate("--requests", "200", "--seed", "7", "--json");
        var b = await Simulate("--requests", "200", "--seed", "7", "--json");
        var c = await Simulate("--requests", "200", "--seed", "8", "--json");

        Assert.Equal(a.Stdout, b.Stdout);
        Assert.NotEqual(a.Stdout, c.Stdout);
    }

    [Fact]
    public async Task Simulate_ByDuration_AndOverloaded()
    {
        var run = await CliRun.RunAsync(
            "simulate", "--model", "qwen2.5-7b", "--gpu", "L4", "--rate", "3", "--prompt-tokens", "2000", "--output-tokens", "normal:300,100",
            "--duration", "120", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(120, doc.RootElement.GetProperty("workload").GetProperty("durationSeconds").GetDouble());
        var result = doc.RootElement.GetProperty("result");
        Assert.Equal("overloaded", result.GetProperty("verdict").GetString());
        Assert.True(result.GetProperty("preemptions").GetInt64() > 0);
    }

    [Fact]
    public async Task Simulate_Help_ListsTheOptions()
    {
        var run = await CliRun.RunAsync("simulate", "--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--model", "--gpu", "--tp", "--quant", "--replicas", "--router", "--rate", "--arrival", "--prompt-tokens", "--output-tokens", "--requests", "--duration", "--seed", "--ttft", "--json" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "Unknown GPU 'H10'. Did you mean H100?", "--gpu", "H10")]
    [InlineData(ExitCodes.Usage, "names 2 GPUs", "--gpu", "A100")]
    [InlineData(ExitCodes.Usage, "Unknown model 'lama-9'", "--model", "lama-9")]
    [InlineData(ExitCodes.Usage, "--rate must be between", "--rate", "-5")]
    [InlineData(ExitCodes.Usage, "--rate must be a number", "--rate", "fast")]
    [InlineData(ExitCodes.Usage, "Give --requests or --duration, not both", "--requests", "10", "--duration", "5")]
    [InlineData(ExitCodes.Usage, "--requests must be between", "--requests", "0")]
    [InlineData(ExitCodes.Usage, "--arrival", "--arrival", "bursty")]
    [InlineData(ExitCodes.Usage, "--router must be one of round-robin, least-loaded", "--router", "random")]
    [InlineData(ExitCodes.Usage, "--prompt-tokens", "--prompt-tokens", "normal:abc")]
    [InlineData(ExitCodes.Usage, "context window", "--prompt-tokens", "200000")]
    [InlineData(ExitCodes.Usage, "does not divide", "--model", "qwen2.5-7b", "--tp", "8")]
    [InlineData(ExitCodes.Usage, "not available as mxfp4", "--quant", "mxfp4")]
    [InlineData(ExitCodes.Usage, "--replicas must be between", "--replicas", "0")]
    [InlineData(ExitCodes.Usage, "at most 20,000,000", "--rate", "1000000", "--duration", "1000000")]
    [InlineData(ExitCodes.Usage, "takes options only", "chatbot")]
    [InlineData(ExitCodes.Usage, "Did you mean --rate?", "--rat", "5")]
    [InlineData(ExitCodes.NoFeasiblePlan, "does not fit on 1×L4", "--model", "llama-3.1-70b", "--gpu", "L4")]
    public async Task Simulate_BadInput_OneLineError(int exitCode, string expected, params string[] overrides)
    {
        // Each case replaces options of the base command (or adds new ones).
        var args = Base.Skip(1).ToList();
        for (var i = 0; i < overrides.Length; i++)
        {
            var at = args.IndexOf(overrides[i]);
            if (overrides[i].StartsWith("--", StringComparison.Ordinal) && at >= 0 && i + 1 < overrides.Length)
            {
                args[at + 1] = overrides[++i];
            }
            else
            {
                args.Add(overrides[i]);
            }
        }

        var run = await CliRun.RunAsync(["simulate", .. args]);
        Assert.Contains(expected, run.AssertOneLineError(exitCode), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Theory]
    [InlineData("Give --model", "simulate", "--gpu", "H100", "--rate", "1")]
    [InlineData("Give --gpu", "simulate", "--model", "llama-3.1-8b", "--rate", "1")]
    [InlineData("Give --rate", "simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--prompt-tokens", "5", "--output-tokens", "5")]
    [InlineData("Give --prompt-tokens", "simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--rate", "1", "--output-tokens", "5")]
    public async Task Simulate_MissingRequiredOption_SaysWhichOne(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
    }
}
