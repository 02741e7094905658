namespace Compass.Planning.Engine;

/// <summary>
/// The predicted duration of one engine step and why: GPU work (the roofline maximum of its compute-bound and
/// memory-bound parts, plus tensor-parallel communication) and fixed engine overhead (scheduling, sampling, launch).
/// All times in milliseconds.
/// </summary>
/// <param name="ComputeMs">Time the step's FLOPs take at the calibrated compute efficiency.</param>
/// <param name="MemoryMs">Time the step's bytes (weights, KV cache, activations) take at the calibrated bandwidth efficiency.</param>
/// <param name="CommunicationMs">Tensor-parallel all-reduce time (0 at TP 1).</param>
/// <param name="OverheadMs">Engine overhead: per step, per layer and per sequence.</param>
public readonly record struct StepTiming(double ComputeMs, double MemoryMs, double CommunicationMs, double OverheadMs)
{
    /// <summary>Gets the GPU work: max(compute, memory) + communication.</summary>
    public double GpuMs => Math.Max(ComputeMs, MemoryMs) + CommunicationMs;

    /// <summary>Gets the step's duration.</summary>
    public double TotalMs => GpuMs + OverheadMs;

    /// <summary>Gets whether compute, not memory traffic, bounds the step.</summary>
    public bool ComputeBound => ComputeMs >= MemoryMs;
}
