using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;

namespace Compass.Observability.Tests.LoadTesting;

public sealed class BenchmarkWorkloadsTests
{
    private static readonly TokenDistribution Prompt = TokenDistribution.LogNormal(512, 128);
    private static readonly TokenDistribution Output = TokenDistribution.Fixed(64);

    private static LoadTestOptions Test(LoadProfile profile, int? requests = 200, double? duration = null, double? warmup = null, int maxConcurrency = 256) => new()
    {
        Endpoint = new Uri("http://localhost:8000"),
        Model = "m",
        Profile = profile,
        PromptTokens = Prompt,
        OutputTokens = Output,
        MaxRequests = requests,
        DurationSeconds = duration,
        WarmupSeconds = warmup,
        MaxConcurrency = maxConcurrency,
    };

    [Fact]
    public void Synchronous_IsAClosedLoopOfOneUser()
    {
        var w = BenchmarkWorkloads.For(Test(LoadProfile.Synchronous()));
        Assert.Equal(LoadMode.ClosedLoop, w.Mode);
        Assert.Equal(1, w.Closed!.Concurrency);
        Assert.Equal(ThinkTime.None, w.Closed.ThinkTime);
        Assert.Equal((200, (double?)null), (w.Closed.Requests, w.Closed.DurationSeconds));
        Assert.Empty(w.Notes);
    }

    [Fact]
    public void Concurrent_IsAClosedLoopOfItsStreams()
    {
        var w = BenchmarkWorkloads.For(Test(LoadProfile.Concurrent(32), requests: null, duration: 60));
        Assert.Equal((32, (int?)null, (double?)60), (w.Closed!.Concurrency, w.Closed.Requests, w.Closed.DurationSeconds));
        Assert.Same(Prompt, w.Closed.PromptTokens);
        Assert.Same(Output, w.Closed.OutputTokens);
    }

    [Fact]
    public void Throughput_IsAClosedLoopOfMaxConcurrencyUsers()
        => Assert.Equal(128, BenchmarkWorkloads.For(Test(LoadProfile.Throughput(), maxConcurrency: 128)).Closed!.Concurrency);

    [Theory]
    [InlineData(ArrivalKind.Constant)]
    [InlineData(ArrivalKind.Poisson)]
    public void Rates_AreOpenLoops_WithTheSameArrivals_AndANoteOnTheClientCap(ArrivalKind kind)
    {
        var profile = kind == ArrivalKind.Constant ? LoadProfile.Constant(4) : LoadProfile.Poisson(4);
        var w = BenchmarkWorkloads.For(Test(profile));
        Assert.Equal(LoadMode.OpenLoop, w.Mode);
        Assert.Equal((4.0, kind), (w.Open!.RatePerSecond, w.Open.Arrivals.Kind));
        Assert.Contains(w.Notes, n => n.Contains("cap of 256 requests in flight", StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_HasNoSingleWorkload_ButEachOfItsBenchmarksMaps()
    {
        var options = Test(LoadProfile.Sweep(4));
        Assert.Contains("map each benchmark", Assert.Throws<ArgumentException>(() => BenchmarkWorkloads.For(options)).Message, StringComparison.Ordinal);
        Assert.Equal(1, BenchmarkWorkloads.For(options, LoadProfile.Synchronous()).Closed!.Concurrency);
        Assert.Equal(2.5, BenchmarkWorkloads.For(options, LoadProfile.Constant(2.5)).Open!.RatePerSecond);
    }

    [Fact]
    public void Warmup_ByDuration_BecomesAFractionOfTheRun()
    {
        var w = BenchmarkWorkloads.For(Test(LoadProfile.Concurrent(4), requests: null, duration: 90, warmup: 30));
        Assert.Equal(120, w.Closed!.DurationSeconds);
        Assert.Equal(0.25, w.WarmupFraction);
    }

    [Fact]
    public void BothStops_KeepTheCount_AndSaySo()
    {
        var w = BenchmarkWorkloads.For(Test(LoadProfile.Concurrent(4), requests: 100, duration: 60));
        Assert.Equal((100, (double?)null), (w.Closed!.Requests, w.Closed.DurationSeconds));
        Assert.Contains(w.Notes, n => n.Contains("whichever comes first", StringComparison.Ordinal));
    }

    [Fact]
    public void VllmBenchServe_InfiniteRateWithACap_IsAClosedLoopOfTheCap()
    {
        var w = BenchmarkWorkloads.ForVllmBenchServe(double.PositiveInfinity, 64, 1000, TokenDistribution.ShareGptPrompts, TokenDistribution.ShareGptOutputs);
        Assert.Equal((64, (int?)1000), (w.Closed!.Concurrency, w.Closed.Requests));
        Assert.Empty(w.Notes);
    }

    [Fact]
    public void VllmBenchServe_InfiniteRateWithoutACap_SendsEveryPromptAtOnce()
    {
        var w = BenchmarkWorkloads.ForVllmBenchServe(double.PositiveInfinity, null, 300, Prompt, Output);
        var result = w.Simulate(1, new SimulationOptions { Profile = Profile() });
        Assert.Equal(300, result.TotalRequests);
        Assert.All(result.Requests, r => Assert.Equal(0, r.ArrivalMs));
    }

    [Theory]
    [InlineData(1.0, ArrivalKind.Poisson, 1.0)]
    [InlineData(0.25, ArrivalKind.Gamma, 2.0)]
    public void VllmBenchServe_FiniteRate_IsAnOpenLoop_WithItsBurstiness(double burstiness, ArrivalKind kind, double cv)
    {
        var w = BenchmarkWorkloads.ForVllmBenchServe(8, null, 500, Prompt, Output, burstiness);
        Assert.Equal((8.0, kind, cv, (int?)500), (w.Open!.RatePerSecond, w.Open.Arrivals.Kind, w.Open.Arrivals.CoefficientOfVariation, w.Open.Requests));
        Assert.Empty(w.Notes);
        Assert.NotEmpty(BenchmarkWorkloads.ForVllmBenchServe(8, 16, 500, Prompt, Output, burstiness).Notes);
    }

    [Theory]
    [InlineData(0.0, null, 10, 1.0)]
    [InlineData(double.NaN, null, 10, 1.0)]
    [InlineData(5.0, 0, 10, 1.0)]
    [InlineData(5.0, null, 0, 1.0)]
    [InlineData(5.0, null, 10, 0.0)]
    public void VllmBenchServe_RefusesBadNumbers(double rate, int? cap, int prompts, double burstiness)
        => Assert.ThrowsAny<ArgumentOutOfRangeException>(() => BenchmarkWorkloads.ForVllmBenchServe(rate, cap, prompts, Prompt, Output, burstiness));

    [Fact]
    public void MappedConcurrentProfile_Simulates_WithNoMoreInFlightThanItsStreams()
    {
        var w = BenchmarkWorkloads.For(Test(LoadProfile.Concurrent(3), requests: 60));
        var result = w.Simulate(7, new SimulationOptions { Profile = Profile() });
        Assert.Equal(SimulationLoad.Closed(w.Closed!), result.Load);
        Assert.InRange(result.MeanRequestsInSystem, 2.9, 3 + 1e-9);
        Assert.Equal([0, 1, 2], result.Requests.Select(r => r.User).Distinct().Order());
    }

    private static EngineProfile Profile() => new()
    {
        StepTime = new FlatStepModel(),
        KvCacheTokens = 1_000_000,
        Limits = new ServingLimits(),
    };

    private sealed class FlatStepModel : IStepTimeModel
    {
        public StepTiming Predict(in StepBatch batch) => new(0.01 * batch.PrefillTokens, 0, 0, 5);
    }
}
