using System.Text.Json;

namespace Compass.Cli.Tests;

public sealed class PlanCommandTests
{
    private const string Readme = "customer service chatbot for 5000 users, low latency";
    private static readonly string[] Sources = ["benchmarked", "interpolated", "estimated", "simulated"];

    [Fact]
    public async Task Plan_ReadmeExample_PrintsIntentTrafficSloAndRankedTable()
    {
        // Wide enough for every column of the table; narrower terminals get fewer columns or one block per recommendation.
        var run = await CliRun.RunWithEnvironmentAsync(new Dictionary<string, string> { ["COLUMNS"] = "160" }, "plan", Readme);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("chatbot_conversational", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("5,000 users; latency high", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("req/s peak", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("p95 TTFT", run.Stdout, StringComparison.Ordinal);
        foreach (var column in new[] { "Model", "GPU", "TP", "Repl", "GPUs", "TTFT p95 ms", "ITL ms", "E2E s", "Out tok/s", "$/month", "$/1M tok", "Source" })
        {
            Assert.Contains(column, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("#1 ", run.Stdout, StringComparison.Ordinal);
    }

    // "--latency low" used to mean "latency matters little", the opposite of what most people mean by "low latency".
    [Theory]
    [InlineData("--latency", "low", "--latency-priority")]
    [InlineData("--cost", "high", "--cost-priority")]
    [InlineData("--accuracy", "medium", "--accuracy-priority")]
    public async Task Plan_OldPriorityFlags_AreRefused_WithTheirNewNames(string flag, string value, string replacement)
    {
        var run = await CliRun.RunAsync("plan", Readme, flag, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains(replacement, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("high", "high")]
    [InlineData("low", "low")]
    public async Task Plan_LatencyPriority_SetsHowMuchLatencyMatters(string value, string expected)
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 500 users", "--latency-priority", value, "--json", "--no-verify");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(expected, doc.RootElement.GetProperty("intent").GetProperty("latencyPriority").GetString());
    }

    [Fact]
    public async Task Plan_NoVerify_LeavesEstimatesUnsimulated_AndVerificationSimulatesThem()
    {
        // An H100-only plan: no benchmarks cover it, so every option is estimated by the physics model.
        var verified = await CliRun.RunAsync("plan", Readme, "--gpu", "H100", "--json");
        var unverified = await CliRun.RunAsync("plan", Readme, "--gpu", "H100", "--json", "--no-verify");

        Assert.Equal(ExitCodes.Success, verified.ExitCode);
        Assert.Equal(ExitCodes.Success, unverified.ExitCode);
        static string[] SourcesOf(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return [.. doc.RootElement.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("source").GetString()!)];
        }

        Assert.Contains("simulated", SourcesOf(verified.Stdout));
        Assert.DoesNotContain("simulated", SourcesOf(unverified.Stdout));
        Assert.Contains("estimated", SourcesOf(unverified.Stdout));
    }

    [Fact]
    public async Task Plan_Json_HasTheDocumentedShape_AndEveryRecommendationMeetsItsSlo()
    {
        var run = await CliRun.RunAsync("plan", Readme, "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("chatbot_conversational", root.GetProperty("intent").GetProperty("useCase").GetString());
        Assert.Equal(5000, root.GetProperty("intent").GetProperty("userCount").GetInt32());
        Assert.Equal("high", root.GetProperty("intent").GetProperty("latencyPriority").GetString());
        var peak = root.GetProperty("traffic").GetProperty("peakQps").GetDouble();
        Assert.True(peak > root.GetProperty("traffic").GetProperty("meanQps").GetDouble());
        var slo = root.GetProperty("slo");
        Assert.Equal(95, slo.GetProperty("percentile").GetDouble());
        Assert.Equal("deterministic", root.GetProperty("extraction").GetProperty("extractor").GetString());

        var recommendations = root.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.InRange(recommendations.Count, 1, 5);
        foreach (var r in recommendations)
        {
            var tp = r.GetProperty("tensorParallel").GetInt32();
            var replicas = r.GetProperty("replicas").GetInt32();
            Assert.Equal(tp * replicas, r.GetProperty("totalGpus").GetInt32());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("model").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("gpu").GetString()));
            Assert.True(r.GetProperty("meetsSlo").GetBoolean());
            Assert.Contains(r.GetProperty("source").GetString(), Sources);
            Assert.True(r.GetProperty("monthlyCostUsd").GetDouble() > 0);
            var predicted = r.GetProperty("predicted");
            Assert.True(predicted.GetProperty("ttftMs").GetDouble() <= slo.GetProperty("ttftMs").GetDouble());
            Assert.True(predicted.GetProperty("itlMs").GetDouble() <= slo.GetProperty("itlMs").GetDouble());
            Assert.True(predicted.GetProperty("e2eMs").GetDouble() <= slo.GetProperty("e2eMs").GetDouble());
            Assert.True(replicas * predicted.GetProperty("maxRequestRate").GetDouble() >= peak);
        }
    }

    [Theory]
    [InlineData("fp8_e5m2", "fp8")]
    [InlineData("auto", "auto")]
    public async Task Plan_KvCacheDtype_RestrictsTheOptions(string asked, string shown)
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 2000 users", "--gpu", "H100,L4", "--kv-cache-dtype", asked, "--top", "6", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        var recommendations = doc.RootElement.GetProperty("recommendations").EnumerateArray().ToArray();
        Assert.NotEmpty(recommendations);
        Assert.All(recommendations, r => Assert.Equal(shown, r.GetProperty("kvCacheDtype").GetString()));
        Assert.Equal(shown, doc.RootElement.GetProperty("constraints").GetProperty("kvCacheDtype").GetString());
    }

    [Fact]
    public async Task Plan_KvCacheDtype_Unknown_IsAOneLineError()
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 2000 users", "--kv-cache-dtype", "int4");
        Assert.Contains("--kv-cache-dtype: 'int4' is not a KV-cache dtype", run.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_FlagsOverrideTheDescription()
    {
        var run = await CliRun.RunAsync("plan", Readme, "--json", "--users", "20k", "--gpu", "h100", "--ttft", "300", "--top", "2", "--provider", "aws");
        Assert.Equal(ExitCodes.Success, run.ExitCode);

        using var doc = JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal(20_000, root.GetProperty("intent").GetProperty("userCount").GetInt32());
        Assert.Equal(300, root.GetProperty("slo").GetProperty("ttftMs").GetDouble());
        var recommendations = root.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.InRange(recommendations.Count, 1, 2);
        Assert.All(recommendations, r =>
        {
            Assert.Equal("H100", r.GetProperty("gpu").GetString());
            Assert.Equal("aws", r.GetProperty("cost").GetProperty("provider").GetString());
        });
    }

    [Fact]
    public async Task Plan_MoreUsers_NeverFewerGpus()
    {
        static async Task<int> CheapestGpus(string users)
        {
            var run = await CliRun.RunAsync("plan", "chatbot", "--users", users, "--model", "llama-3.1-8b", "--gpu", "H100", "--json", "--top", "1", "--cost-priority", "high");
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            using var doc = JsonDocument.Parse(run.Stdout);
            return doc.RootElement.GetProperty("recommendations")[0].GetProperty("totalGpus").GetInt32();
        }

        var small = await CheapestGpus("1000");
        var large = await CheapestGpus("50000");
        Assert.True(large > small, $"50,000 users got {large} GPUs, 1,000 users got {small}");
    }

    [Fact]
    public async Task Plan_WithoutDescription_UsesFlags()
    {
        var run = await CliRun.RunAsync("plan", "--use-case", "code_completion", "--qps", "5", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal("code_completion", doc.RootElement.GetProperty("useCase").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("traffic").GetProperty("meanQps").GetDouble(), 6);
    }

    [Fact]
    public async Task Plan_Infeasible_ExitsThree_AndSaysWhy()
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 500 users", "--gpu", "L4", "--model", "llama-3.1-70b", "--quant", "bf16");

        Assert.Equal(ExitCodes.NoFeasiblePlan, run.ExitCode);
        Assert.Contains("No configuration meets the SLOs", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("does not fit in GPU memory", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ModelConfig_PlansForAModelOutsideTheCatalog()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compass-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {
              "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
              "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
              "max_position_embeddings": 131072, "torch_dtype": "bfloat16", "tie_word_embeddings": false
            }
            """);
        try
        {
            var run = await CliRun.RunAsync("plan", "chatbot for 200 users", "--model-config", path, "--model", "acme/custom-8b", "--json");
            using var doc = JsonDocument.Parse(run.Stdout);
            var excluded = doc.RootElement.GetProperty("excluded").EnumerateArray().Select(e => e.GetProperty("example").GetString()).ToList();
            var recommended = doc.RootElement.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("model").GetString()).ToList();
            Assert.All(recommended, m => Assert.Equal("acme/custom-8b", m));
            Assert.Contains(excluded.Concat(recommended), text => text!.Contains("acme/custom-8b", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Help_PrintsUsage()
    {
        var run = await CliRun.RunAsync("plan", "--help");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--model-config", run.Stdout, StringComparison.Ordinal);
    }
}
