using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>How to simulate: the engine profile every replica shares, how many replicas, the router, and what to measure.</summary>
public sealed record SimulationOptions
{
    /// <summary>Gets the engine profile of each replica (step-time model, KV cache, scheduler limits, overheads).</summary>
    public required EngineProfile Profile { get; init; }

    /// <summary>Gets the number of replicas behind the router (default 1).</summary>
    public int Replicas { get; init => field = Guard.Positive(value, nameof(Replicas)); } = 1;

    /// <summary>Gets the routing policy (default round-robin).</summary>
    public RouterPolicy Router { get; init; } = RouterPolicy.RoundRobin;

    /// <summary>Gets the per-request targets goodput is measured against, or <see langword="null"/> for no goodput.</summary>
    public GoodputTargets? Goodput { get; init; }

    /// <summary>
    /// Gets the fraction of requests, in arrival order, left out of the latency, throughput and verdict figures while the
    /// system warms up (default 0; must be below 1). They are still simulated, and still counted in conservation totals.
    /// </summary>
    public double WarmupFraction
    {
        get;
        init => field = double.IsFinite(value) && value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(WarmupFraction), value, "The warm-up fraction must be in [0, 1).");
    }
}
