using Compass.Core;
using Compass.Planning.Simulation;

namespace Compass.Cli.Output;

/// <summary>A finished <c>compass simulate</c> run: what was simulated and what it measured.</summary>
internal sealed record SimulationRun(
    ModelSpec Model,
    Quantization Quantization,
    GpuSpec Gpu,
    int TensorParallel,
    WorkloadSpec Workload,
    int Seed,
    SimulationOptions Options,
    SimulationResult Result);
