using Compass.Core;

namespace Compass.Kserve.Vm;

/// <summary>
/// The cloud instance that would run a recommendation's replicas on single VMs, how many replicas each VM carries, and
/// how well it matches the plan.
/// </summary>
public sealed record VmInstanceChoice
{
    /// <summary>Gets the instance type.</summary>
    public required CloudInstance Instance { get; init; }

    /// <summary>Gets whether it carries the planned GPUs (<see cref="VmInstanceMatch.Exact"/>) or is the closest alternative.</summary>
    public required VmInstanceMatch Match { get; init; }

    /// <summary>
    /// Gets the GPUs of one VM that serve replicas: <see cref="ReplicasPerVm"/> × the tensor parallelism for an exact
    /// match, every GPU of the instance for the closest one.
    /// </summary>
    public required int GpusUsed { get; init; }

    /// <summary>
    /// Gets the replicas one VM runs, each on its own group of GPUs behind a proxy on the VM's API port: as many as the
    /// instance's GPUs hold at the planned tensor parallelism for an exact match, one for the closest alternative.
    /// </summary>
    public int ReplicasPerVm { get; init; } = 1;

    /// <summary>Gets the GPUs of one VM that stay idle while paid for (an exact match whose GPUs are not a multiple of the tensor parallelism).</summary>
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

    /// <summary>Gets the VMs that carry a number of replicas: every VM runs <see cref="ReplicasPerVm"/>, so the last one may run more than are needed.</summary>
    /// <param name="replicas">The replicas the plan needs.</param>
    /// <returns>The VMs: <paramref name="replicas"/> over <see cref="ReplicasPerVm"/>, rounded up; at least one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is below one.</exception>
    public int VmsFor(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        return VmCount(replicas, ReplicasPerVm);
    }

    /// <summary>The VMs that carry <paramref name="replicas"/> at <paramref name="perVm"/> each, rounded up; the selector ranks instances by it.</summary>
    internal static int VmCount(int replicas, int perVm)
    {
        perVm = Math.Max(1, perVm);
        return checked((replicas + perVm - 1) / perVm);
    }
}
