using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;

namespace Compass.Planning.Tests.Simulation;

/// <summary>Profiles and workloads the simulation tests share.</summary>
internal static class SimulationFixtures
{
    public static readonly LinearStepModel Model = new(5, 0.02, 0.05);

    public static EngineProfile Profile(
        IStepTimeModel? model = null,
        long kvTokens = 1_000_000,
        int maxSeqs = 256,
        int maxTokens = 8192,
        int blockSize = 16,
        double requestOverheadMs = 0,
        double tokenOverheadMs = 0) => new()
        {
            StepTime = model ?? Model,
            KvCacheTokens = kvTokens,
            Limits = new ServingLimits { MaxNumSeqs = maxSeqs, MaxNumBatchedTokens = maxTokens, BlockSize = blockSize },
            RequestOverheadMs = requestOverheadMs,
            OutputTokenOverheadMs = tokenOverheadMs,
        };

    public static SimulationOptions Options(EngineProfile profile, int replicas = 1, RouterPolicy router = RouterPolicy.RoundRobin)
        => new() { Profile = profile, Replicas = replicas, Router = router };

    public static WorkloadSpec Chatbot(double rate, int requests) => new()
    {
        RatePerSecond = rate,
        PromptTokens = TokenDistribution.LogNormal(512, 128),
        OutputTokens = TokenDistribution.LogNormal(256, 64),
        Requests = requests,
    };

    public static Workload Trace(params (double ArrivalMs, int Prompt, int Output)[] requests)
        => Workload.FromTrace(requests.Select(r => new WorkloadRequest(r.ArrivalMs, r.Prompt, r.Output)));
}
