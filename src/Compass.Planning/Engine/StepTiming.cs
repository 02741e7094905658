namespace Compass.Planning.Engine;

/// <summary>
/// The predicted duration of one engine step and why: GPU work (the step's operators, each the smooth maximum of its
/// compute time and its memory time, plus tensor-parallel communication and fixed kernel costs) and the serving
/// engine's CPU overhead (scheduling, input preparation, output processing). All times in milliseconds.
/// </summary>
public readonly record struct StepTiming
{
    /// <summary>Initializes a step whose GPU work is the plain roofline: max(compute, memory) + communication.</summary>
    /// <param name="computeMs">Time the step's FLOPs take at the calibrated compute efficiencies.</param>
    /// <param name="memoryMs">Time the step's bytes take at the calibrated bandwidth efficiencies.</param>
    /// <param name="communicationMs">Tensor-parallel all-reduce time (0 at TP 1).</param>
    /// <param name="overheadMs">The serving engine's CPU overhead.</param>
    public StepTiming(double computeMs, double memoryMs, double communicationMs, double overheadMs)
        : this(computeMs, memoryMs, communicationMs, overheadMs, Math.Max(computeMs, memoryMs) + communicationMs)
    {
    }

    /// <summary>Initializes a step with its GPU work given.</summary>
    /// <param name="computeMs">The sum over operators of their compute time.</param>
    /// <param name="memoryMs">The sum over operators of their memory time.</param>
    /// <param name="communicationMs">Tensor-parallel all-reduce time (0 at TP 1).</param>
    /// <param name="overheadMs">The serving engine's CPU overhead.</param>
    /// <param name="gpuMs">The GPU work: the operators' times, communication and fixed kernel costs.</param>
    public StepTiming(double computeMs, double memoryMs, double communicationMs, double overheadMs, double gpuMs)
    {
        ComputeMs = computeMs;
        MemoryMs = memoryMs;
        CommunicationMs = communicationMs;
        OverheadMs = overheadMs;
        GpuMs = gpuMs;
    }

    /// <summary>Gets the sum over the step's operators of their compute time.</summary>
    public double ComputeMs { get; }

    /// <summary>Gets the sum over the step's operators of their memory time (weights, KV cache, activations).</summary>
    public double MemoryMs { get; }

    /// <summary>Gets the tensor-parallel all-reduce time (0 at TP 1).</summary>
    public double CommunicationMs { get; }

    /// <summary>Gets the serving engine's CPU overhead.</summary>
    public double OverheadMs { get; }

    /// <summary>Gets the GPU work: the time the GPU is busy with the step.</summary>
    public double GpuMs { get; }

    /// <summary>Gets the step's duration.</summary>
    public double TotalMs => GpuMs + OverheadMs;

    /// <summary>Gets whether compute, not memory traffic, dominates the step.</summary>
    public bool ComputeBound => ComputeMs >= MemoryMs;

    /// <summary>Returns every part multiplied by a factor.</summary>
    /// <param name="factor">The factor.</param>
    /// <returns>The scaled timing.</returns>
    public StepTiming Scaled(double factor) => new(ComputeMs * factor, MemoryMs * factor, CommunicationMs * factor, OverheadMs * factor, GpuMs * factor);

    /// <summary>Returns the sum of two timings (two steps back to back).</summary>
    /// <param name="other">The other timing.</param>
    /// <returns>The sum.</returns>
    public StepTiming Plus(StepTiming other)
        => new(ComputeMs + other.ComputeMs, MemoryMs + other.MemoryMs, CommunicationMs + other.CommunicationMs, OverheadMs + other.OverheadMs, GpuMs + other.GpuMs);
}
