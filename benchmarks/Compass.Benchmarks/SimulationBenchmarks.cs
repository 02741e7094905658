using BenchmarkDotNet.Attributes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Simulation;

namespace Compass.Benchmarks;

/// <summary>
/// The continuous-batching simulation on one hour of chatbot traffic: 20 req/s Poisson (71,726 requests with seed
/// 42), log-normal prompts (mean 512) and outputs (mean 256), on one replica with an 8B-on-H100-shaped fixed roofline
/// step model and 400k tokens of KV cache (242,879 engine steps); also with the calibrated physics profile of
/// Llama 3.1 8B on an H100, and at 80 req/s over four replicas. Target: one simulated hour in under 1 s on one core.
/// Measured (AMD EPYC, 2 cores, .NET 10.0.12, BenchmarkDotNet 0.15.8 default job): 141 ms per simulated hour, i.e.
/// about 510,000 requests (1.7 million engine steps) simulated per wall-clock second; 147 ms with the physics profile;
/// see docs/performance.md.
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
    private SimulationOptions _physics = null!;

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
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var llama = catalog.ResolveModel("llama-3.1-8b").Spec;
        _physics = new SimulationOptions
        {
            Profile = EngineProfiles.Create(catalog, llama, llama.Quantizations[0].Quantization, catalog.ResolveGpus("H100")[0], 1),
        };
        _hour = Workload.Generate(HourOfChatbot, 42);
        _hourFourTimes = Workload.Generate(HourOfChatbot with { RatePerSecond = 80 }, 42);
    }

    /// <summary>One hour at 20 req/s on one replica, from an already-generated workload.</summary>
    [Benchmark(Baseline = true)]
    public SimulationResult SimulateHourOneReplica() => ServingSimulator.Run(_hour, _oneReplica);

    /// <summary>The same, generating the 72,000 requests first (seeded arrivals and lengths).</summary>
    [Benchmark]
    public SimulationResult GenerateAndSimulateHourOneReplica() => ServingSimulator.Run(HourOfChatbot, 42, _oneReplica);

    /// <summary>The same hour with the calibrated physics step-time model of Llama 3.1 8B (BF16) on one H100.</summary>
    [Benchmark]
    public SimulationResult SimulateHourPhysicsProfile() => ServingSimulator.Run(_hour, _physics);

    /// <summary>One hour at 80 req/s over four least-loaded replicas (288,023 requests, 975,558 steps).</summary>
    [Benchmark]
    public SimulationResult SimulateHourFourReplicas() => ServingSimulator.Run(_hourFourTimes, _fourReplicas);
}
