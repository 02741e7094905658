using Compass.Core;

namespace Compass.Kserve.Vm;

/// <summary>The cloud instance that would run one replica of a recommendation on a single VM, and how well it matches the plan.</summary>
public sealed record VmInstanceChoice
{
    /// <summary>Gets the instance type.</summary>
    public required CloudInstance Instance { get; init; }

    /// <summary>Gets whether it carries the planned GPUs (<see cref="VmInstanceMatch.Exact"/>) or is the closest alternative.</summary>
    public required VmInstanceMatch Match { get; init; }

    /// <summary>Gets the GPUs of one VM that serve the replica: the tensor parallelism for an exact match, every GPU of the instance for the closest one.</summary>
    public required int GpusUsed { get; init; }

    /// <summary>Gets the GPUs of one VM that stay idle while paid for (an exact match with more GPUs than the tensor parallelism).</summary>
    public int IdleGpus => Instance.GpuCount - GpusUsed;

    /// <summary>
    /// Gets the GPU memory one replica needs, in GiB: its weights, activations and per-GPU overhead at the planned tensor
    /// parallelism, plus the KV cache of the requests one replica holds in flight at peak (at the profile's p95 lengths).
    /// </summary>
    public required double ReplicaMemoryGiB { get; init; }

    /// <summary>Gets the GPU memory vLLM may use on the GPUs that serve the replica, in GiB (their capacity × the plan's memory utilization).</summary>
    public required double UsableMemoryGiB { get; init; }

    /// <summary>
    /// Gets the memory bandwidth of the GPUs that serve the replica over the planned replica's (tensor parallelism × the
    /// planned GPU's): 1 for an exact match, below 1 for a slower alternative; decode speed follows it roughly. <see langword="null"/>
    /// when a GPU is not in the knowledge base.
    /// </summary>
    public double? BandwidthRatio { get; init; }
}
