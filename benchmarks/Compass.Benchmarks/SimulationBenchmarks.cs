using BenchmarkDotNet.Attributes;
using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Simulation;

namespace Compass.Benchmarks;

/// <summary>
/// The continuous-batching simulation on one hour of chatbot traffic: 20 req/s Poisson (about 72,000 requests),
/// log-normal prompts (mean 512) and outputs (mean 256), on one replica with an 8B-on-H100-shaped roofline step model
/// and 400k tokens of KV cache — about 243,000 engine steps. Target: under 1 s on one core.
/// Measured (2 cores, .NET 10.0.12): about 0.25 s per simulated hour, i.e. roughly 290,000 requests (and 970,000
/// engine steps) simulated per wall-clock second; see docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private static readonly WorkloadSpec HourOfChatbot = new()
    {
        RatePerSecond = 20,
        PromptTokens = TokenDistribution.LogNormal(512, 128),
        OutputTokens = TokenDistribution.LogNormal(256, 64),
        DurationSeconds = 3600,
    };

    private Workload _hour = null!;
    private Workload _hourFourTimes = null!;
    private SimulationOptions _oneReplica = null!;
    private SimulationOptions _fourReplicas = null!;

    [GlobalSetup]
    public void Setup()
    {
        var profile = new EngineProfile
        {
            StepTime = new RooflineStepModel(),
            KvCacheTokens = 400_000,
            RequestOverheadMs = 5,
            OutputTokenOverheadMs = 0.1,
        };
        _oneReplica = new SimulationOptions { Profile = profile };
        _fourReplicas = new SimulationOptions { Profile = profile, Replicas = 4, Router = RouterPolicy.LeastLoaded };
        _hour = Workload.Generate(HourOfChatbot, 42);
        _hourFourTimes = Workload.Generate(HourOfChatbot with { RatePerSecond = 80 }, 42);
    }

    /// <summary>One hour at 20 req/s on one replica, from an already-generated workload.</summary>
    [Benchmark(Baseline = true)]
    public SimulationResult SimulateHourOneReplica() => ServingSimulator.Run(_hour, _oneReplica);

    /// <summary>The same, generating the 72,000 requests first (seeded arrivals and lengths).</summary>
    [Benchmark]
    public SimulationResult GenerateAndSimulateHourOneReplica() => ServingSimulator.Run(HourOfChatbot, 42, _oneReplica);

    /// <summary>One hour at 80 req/s over four least-loaded replicas (about 288,000 requests).</summary>
    [Benchmark]
    public SimulationResult SimulateHourFourReplicas() => ServingSimulator.Run(_hourFourTimes, _fourReplicas);
}
