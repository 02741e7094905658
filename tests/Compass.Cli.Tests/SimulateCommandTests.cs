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

    private static readonly string[] ClosedBase =
        ["simulate", "--model", "llama-3.1-8b", "--gpu", "H100", "--concurrency", "16", "--prompt-tokens", "sharegpt", "--output-tokens", "sharegpt"];

    [Fact]
    public async Task Simulate_ClosedLoop_PrintsTheModeAndTheAchievedRate()
    {
        var run = await CliRun.RunAsync([.. ClosedBase, "--requests", "300", "--think-time", "0.5", "--ramp-up", "2"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        foreach (var text in new[]
        {
            "Workload  closed loop: 16 users, think time 0.5 s, ramp-up 2 s; 300 requests, seed 42",
            "prompts lognormal(mean 225, sd 225", "outputs lognormal(mean 200, sd 200",
            "Load         closed loop of 16 users: achieved ", "req/s sent",
        })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Simulate_OpenLoop_PrintsTheOfferedAndAchievedRate()
    {
        var run = await Simulate("--requests", "200");
        Assert.Contains("Workload  open loop: 10 req/s poisson arrivals, 200 requests, seed 42", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Load         open loop at 10 req/s offered: achieved ", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_ClosedLoop_Json_SaysTheModeUsersThinkTimeAndRate()
    {
        var run = await CliRun.RunAsync([.. ClosedBase, "--duration", "60", "--think-time", "exponential:1", "--json"]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        var workload = doc.RootElement.GetProperty("workload");
        Assert.Equal("closed-loop", workload.GetProperty("mode").GetString());
        Assert.Equal(16, workload.GetProperty("concurrency").GetInt32());
        Assert.Equal(1, workload.GetProperty("thinkTimeMeanSeconds").GetDouble());
        Assert.Equal(60, workload.GetProperty("durationSeconds").GetDouble());
        Assert.False(workload.TryGetProperty("ratePerSecond", out _));

        var result = doc.RootElement.GetProperty("result");
        var load = result.GetProperty("load");
        Assert.Equal("closed-loop", load.GetProperty("mode").GetString());
        Assert.Equal(16, load.GetProperty("concurrency").GetInt32());
        Assert.Equal("exponential", load.GetProperty("thinkTime").GetProperty("kind").GetString());

        // 16 users, each busy for E2E then pausing 1 s on average: Little's law bounds the rate they achieve.
        var achieved = result.GetProperty("arrivalRatePerSecond").GetDouble();
        var meanE2eSeconds = result.GetProperty("e2e").GetProperty("mean").GetDouble() / 1000;
        Assert.InRange(achieved, 0.8 * 16 / (meanE2eSeconds + 1), 1.2 * 16 / (meanE2eSeconds + 1));
    }

    [Fact]
    public async Task Simulate_Fp8KvCache_HoldsTwiceTheTokens()
    {
        var auto = await Simulate("--requests", "50", "--json");
        var fp8 = await Simulate("--requests", "50", "--kv-cache-dtype", "fp8_e4m3", "--json");
        Assert.Equal(ExitCodes.Success, fp8.ExitCode);

        using var a = JsonDocument.Parse(auto.Stdout);
        using var f = JsonDocument.Parse(fp8.Stdout);
        Assert.Equal("auto", a.RootElement.GetProperty("engine").GetProperty("kvCacheDtype").GetString());
        Assert.Equal("fp8", f.RootElement.GetProperty("engine").GetProperty("kvCacheDtype").GetString());
        var ratio = (double)f.RootElement.GetProperty("engine").GetProperty("kvCacheTokens").GetInt64() / a.RootElement.GetProperty("engine").GetProperty("kvCacheTokens").GetInt64();
        Assert.InRange(ratio, 1.98, 2.02);
        Assert.Contains("FP8", (await Simulate("--requests", "20", "--kv-cache-dtype", "fp8")).Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not both", "--rate", "5")]
    [InlineData("--concurrency must be between 1 and 1,000,000", "--concurrency", "0")]
    [InlineData("--concurrency must be a whole number", "--concurrency", "2.5")]
    [InlineData("--think-time: '-1' is not a valid think time: A think time must be between 0 and 86400 seconds", "--think-time", "-1")]
    [InlineData("--think-time: 'soon' is not a think time", "--think-time", "soon")]
    [InlineData("--think-time: 'uniform:3,1' is not a valid think time", "--think-time", "uniform:3,1")]
    [InlineData("--ramp-up must be between 0 and 86400", "--ramp-up", "-1")]
    [InlineData("--arrival applies to an open loop only", "--arrival", "gamma:2")]
    [InlineData("--kv-cache-dtype: 'int8' is not a KV-cache dtype", "--kv-cache-dtype", "int8")]
    [InlineData("Give --requests or --duration, not both", "--requests", "10", "--duration", "5")]
    [InlineData("cannot fit the KV cache of ", "--prompt-tokens", "empirical:100000", "--gpu", "L4")]
    public async Task Simulate_ClosedLoop_BadInput_OneLineError(string expected, params string[] extra)
    {
        var args = ClosedBase.ToList();
        for (var i = 0; i < extra.Length; i += 2)
        {
            var at = args.IndexOf(extra[i]);
            if (at >= 0)
            {
                args[at + 1] = extra[i + 1];
            }
            else
            {
                args.AddRange([extra[i], extra[i + 1]]);
            }
        }

        var run = await CliRun.RunAsync([.. args]);
        Assert.Contains(expected, run.AssertOneLineError(ExitCodes.Usage), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Theory]
    [InlineData("--think-time applies to a closed loop only", "--think-time", "1")]
    [InlineData("--ramp-up applies to a closed loop only", "--ramp-up", "5")]
    public async Task Simulate_OpenLoop_RefusesClosedLoopOptions(string expected, params string[] extra)
    {
        var run = await Simulate(extra);
        Assert.Contains(expected, run.AssertOneLineError(ExitCodes.Usage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_Help_ListsTheOptions()
    {
        var run = await CliRun.RunAsync("simulate", "--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--model", "--gpu", "--tp", "--quant", "--replicas", "--router", "--rate", "--arrival", "--prompt-tokens", "--output-tokens", "--requests", "--duration", "--seed", "--ttft", "--json", "--concurrency", "--think-time", "--ramp-up", "--kv-cache-dtype", "sharegpt" })
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
