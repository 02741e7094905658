namespace Compass.Kserve.Vm;

/// <summary>How a cloud instance relates to the GPUs a plan's recommendation was sized for.</summary>
public enum VmInstanceMatch
{
    /// <summary>The planned GPU type, at least the planned tensor parallelism in GPUs: the VM runs the recommendation as planned.</summary>
    Exact,

    /// <summary>
    /// Another GPU type or count, whose memory holds one replica (weights, activations and the KV cache of the requests in
    /// flight at peak): an alternative when the provider has no exact match. Its speed was not planned; plan again with its
    /// GPU to size it.
    /// </summary>
    Closest,
}
