using Compass.Core;

namespace Compass.Planning.Tests.Performance;

public sealed class BenchmarkPerformanceModelTests
{
    private static readonly ModelSpec Llama8B = TestCatalog.ModelSpec("llama-3.1-8b");
    private static readonly GpuSpec H100 = TestCatalog.Gpu("H100");

    private static BenchmarkPoint[] Sweep(int prompt) => [.. TestCatalog.Catalog.BenchmarksFor(Llama8B.Id, Quantization.Bf16, GpuType.H100, 1)
        .Where(p => p.PromptTokens == prompt).OrderBy(p => p.RequestRate)];

    private static PerformanceEstimate Predict(double rate, double prompt = 512, double output = 256, double percentile = 95, int tp = 1)
        => TestCatalog.Benchmarks.Predict(new PerformanceQuery
        {
            Model = Llama8B,
            Quantization = Quantization.Bf16,
            Gpu = H100,
            TensorParallel = tp,
            PromptTokens = TokenDistribution.LogNormal(prompt, prompt / 4),
            OutputTokens = TokenDistribution.LogNormal(output, output / 4),
            RequestRate = rate,
            Percentile = percentile,
        });

    [Fact]
    public void Predict_AtABenchmarkedRate_ReturnsTheMeasuredValues()
    {
        var point = Sweep(512)[3];
        var prediction = Predict(point.RequestRate).Prediction!;
        Assert.Equal(PredictionSource.Benchmarked, prediction.Source);
        Assert.Equal(Sweep(512).Take(4).Max(p => p.Ttft.P95), prediction.TtftMs, 6);
        Assert.Equal(Sweep(512).Take(4).Max(p => p.E2e.P95), prediction.E2eMs, 6);
        Assert.Contains("BLIS", prediction.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_BetweenRates_StaysWithinTheNeighbours()
    {
        var sweep = Sweep(512);
        for (var i = 0; i + 1 < sweep.Length; i++)
        {
            var rate = (sweep[i].RequestRate + sweep[i + 1].RequestRate) / 2;
            var e2e = Predict(rate).Prediction!.E2eMs;
            var low = sweep.Take(i + 1).Max(p => p.E2e.P95);
            var high = sweep.Take(i + 2).Max(p => p.E2e.P95);
            Assert.InRange(e2e, low, high);
        }
    }

    [Fact]
    public void Predict_IsMonotoneInRate()
    {
        var previous = 0.0;
        for (var rate = 0.1; rate <= Sweep(512)[^1].RequestRate; rate += 0.05)
        {
            var e2e = Predict(rate).Prediction!.E2eMs;
            Assert.True(e2e >= previous, $"E2E fell from {previous} to {e2e} at {rate} req/s");
            previous = e2e;
        }
    }

    [Fact]
    public void Predict_BeyondTheSweep_RefusesToExtrapolate()
    {
        var estimate = Predict(Sweep(512)[^1].RequestRate * 1.5);
        Assert.Null(estimate.Prediction);
        Assert.Contains("beyond the benchmark", estimate.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_UnbenchmarkedConfiguration_SaysSo()
    {
        var estimate = Predict(1, tp: 8);
        Assert.Null(estimate.Prediction);
        Assert.StartsWith("no benchmark", estimate.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_PercentileWithoutData_SaysSo()
    {
        Assert.Contains("p90, p95 and p99", Predict(1, percentile: 50).UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_BetweenProfiles_InterpolatesAndSaysSo()
    {
        var low = Predict(1, prompt: 512).Prediction!;
        var high = Predict(1, prompt: 4096, output: 512).Prediction!;
        var middle = Predict(1, prompt: 2048, output: 256).Prediction!;
        Assert.Equal(PredictionSource.Interpolated, middle.Source);
        Assert.InRange(middle.TtftMs, low.TtftMs, high.TtftMs);
        Assert.Contains("interpolated", middle.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_LongerOutputsThanBenchmarked_CountAsMoreLoad()
    {
        var sameRate = Sweep(512)[^1].RequestRate * 0.8;
        Assert.NotNull(Predict(sameRate, output: 256).Prediction);
        Assert.Null(Predict(sameRate, output: 512).Prediction);
    }

    [Fact]
    public void Predict_PromptOutsideTheBenchmarkedRange_SaysSo()
    {
        Assert.Contains("outside the benchmarked prompt lengths", Predict(1, prompt: 20_000).UnavailableReason, StringComparison.Ordinal);
    }
}
