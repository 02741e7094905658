using Compass.Core;
using Compass.Planning.Simulation;

namespace Compass.Cli.Output;

/// <summary>A finished <c>compass simulate</c> run: what was simulated (an open- or a closed-loop workload) and what it measured.</summary>
internal sealed record SimulationRun(
    ModelSpec Model,
    Quantization Quantization,
    KvCacheFormat KvCacheDtype,
    GpuSpec Gpu,
    int TensorParallel,
    WorkloadSpec? Open,
    ClosedLoopSpec? Closed,
    int Seed,
    SimulationOptions Options,
    SimulationResult Result)
{
    public TokenDistribution PromptTokens => Open?.PromptTokens ?? Closed!.PromptTokens;

    public TokenDistribution OutputTokens => Open?.OutputTokens ?? Closed!.OutputTokens;

    public double? DurationSeconds => Open is not null ? Open.DurationSeconds : Closed!.DurationSeconds;
}
