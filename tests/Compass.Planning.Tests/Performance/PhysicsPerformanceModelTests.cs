using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Performance;
using FsCheck.Xunit;

namespace Compass.Planning.Tests.Performance;

public sealed class PhysicsPerformanceModelTests
{
    private static readonly PhysicsPerformanceModel Physics = new(TestCatalog.Catalog);

    private static PerformanceQuery Query(string model, string gpu, double rate, int tp = 1, int prompt = 512, int output = 256) => new()
    {
        Model = TestCatalog.ModelSpec(model),
        Quantization = TestCatalog.ModelSpec(model).Quantizations[0].Quantization,
        Gpu = TestCatalog.Gpu(gpu),
        TensorParallel = tp,
        PromptTokens = TokenDistribution.LogNormal(prompt, prompt / 4.0),
        OutputTokens = TokenDistribution.LogNormal(output, output / 4.0),
        RequestRate = rate,
    };

    [Property(MaxTest = 40)]
    public bool Latency_NeverFallsAsLoadRises(FsCheck.PositiveInt a, FsCheck.PositiveInt b)
    {
        var low = Math.Min(a.Get, b.Get) % 40 / 4.0 + 0.1;
        var high = Math.Max(a.Get, b.Get) % 40 / 4.0 + 0.1;
        (low, high) = (Math.Min(low, high), Math.Max(low, high));
        var x = Physics.Predict(Query("llama-3.1-8b", "L40S", low)).Prediction;
        var y = Physics.Predict(Query("llama-3.1-8b", "L40S", high)).Prediction;
        return y is null || (x is not null && y.TtftMs >= x.TtftMs - 1e-9 && y.ItlMs >= x.ItlMs - 1e-9 && y.E2eMs >= x.E2eMs - 1e-9);
    }

    // The replica search reads latencies through the probe instead of Predict; a plan is the same only if they agree.
    [Property(MaxTest = 60)]
    public bool Probe_GivesWhatPredictWould(FsCheck.PositiveInt seed)
    {
        string[] models = ["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-7b", "mistralai/Mixtral-8x7B-Instruct-v0.1"];
        string[] gpus = ["L4", "L40S", "H100", "A100-80"];
        var n = seed.Get;
        var query = Query(models[n % 4], gpus[(n / 4) % 4], (n % 97) / 3.0 + 0.05, tp: 1 << ((n / 16) % 3)) with
        {
            IncludeMaxRequestRate = false,
            KvCacheDtype = n % 2 == 0 ? KvCacheFormat.Auto : KvCacheFormat.Fp8,
            Percentile = (n / 7) % 2 == 0 ? 95 : 99,
        };
        var prediction = Physics.Predict(query).Prediction;
        return ((ILatencyProbe)Physics).TryProbe(query, out var probed)
            && probed == ProbedLatency.Of(prediction);
    }

    [Fact]
    public void Probe_LeavesQueriesForMaxRequestRateToPredict()
        => Assert.False(((ILatencyProbe)Physics).TryProbe(Query("llama-3.1-8b", "H100", 1), out _));

    [Fact]
    public void NearZeroLoad_TtftApproachesOverheadPlusPrefill()
    {
        var query = Query("llama-3.1-8b", "H100", 0.001, prompt: 2048) with { PromptTokens = TokenDistribution.Fixed(2048), OutputTokens = TokenDistribution.Fixed(128) };
        var prediction = Physics.Predict(query).Prediction!;
        var profile = Physics.ProfileFor(query.Model, query.Quantization, query.Gpu, 1, out _)!;
        var prefill = profile.StepTime.Predict(StepBatch.Prefill(2048) + StepBatch.Decode(1, 2048)).TotalMs;
        var idleStep = profile.StepTime.Predict(StepBatch.Decode(1, 2048)).TotalMs;
        Assert.InRange(prediction.TtftMs, profile.RequestOverheadMs + prefill, profile.RequestOverheadMs + prefill + idleStep + 1);
    }

    [Fact]
    public void Overload_IsUnavailable_WithTheReason_AndCapacityIsReported()
    {
        var light = Physics.Predict(Query("llama-3.1-8b", "L4", 0.5)).Prediction!;
        Assert.True(light.MaxRequestRate > 0.5);
        var heavy = Physics.Predict(Query("llama-3.1-8b", "L4", light.MaxRequestRate!.Value * 1.5));
        Assert.Null(heavy.Prediction);
        Assert.False(string.IsNullOrEmpty(heavy.UnavailableReason));
    }

    [Fact]
    public void Estimate_IsLabelled_AndSaysWhenEfficienciesAreBorrowed()
    {
        var prediction = Physics.Predict(Query("llama-3.1-8b", "L4", 0.2)).Prediction!;
        Assert.Equal(PredictionSource.Estimated, prediction.Source);
        Assert.Contains("extrapolated", prediction.Basis, StringComparison.Ordinal);
        Assert.Contains("gpu work: extrapolated (from H100", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiered_UsesBenchmarksWhereTheyExist_AndPhysicsElsewhere()
    {
        var tiered = new TieredPerformanceModel(TestCatalog.Benchmarks, Physics);
        Assert.Equal(PredictionSource.Benchmarked, tiered.Predict(Query("qwen2.5-7b", "H100", 1)).Prediction!.Source);
        Assert.Equal(PredictionSource.Estimated, tiered.Predict(Query("qwen2.5-7b", "L40S", 1)).Prediction!.Source);
    }

    [Fact]
    public void Physics_IsWithinAFactorOfTwoOfABenchmark()
    {
        var query = Query("qwen2.5-7b", "H100", 1);
        var benchmark = TestCatalog.Benchmarks.Predict(query).Prediction!;
        var physics = Physics.Predict(query).Prediction!;
        Assert.InRange(physics.ItlMs / benchmark.ItlMs, 0.5, 2);
        Assert.InRange(physics.E2eMs / benchmark.E2eMs, 0.5, 2);
    }
}
