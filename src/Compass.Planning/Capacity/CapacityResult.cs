using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>How many replicas a configuration needs, and its predicted performance at the planned load; or why it cannot serve the load.</summary>
public sealed record CapacityResult
{
    /// <summary>Gets the replicas that serve the load (before redundancy).</summary>
    public int ServingReplicas { get; init; }

    /// <summary>Gets the replicas in total, redundancy included.</summary>
    public int Replicas { get; init; }

    /// <summary>Gets the prediction for one replica at peak load.</summary>
    public PerformancePrediction? Prediction { get; init; }

    /// <summary>Gets what one replica fewer would break (the binding limit), when more than one serves the load.</summary>
    public string? LimitedBy { get; init; }

    /// <summary>Gets why the configuration cannot serve the load, when it cannot.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Gets whether a replica count was found.</summary>
    public bool IsFeasible => Prediction is not null && FailureReason is null;
}
