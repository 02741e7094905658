using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>How many replicas a configuration needs, and its predicted performance at the planned load; or why it cannot serve the load.</summary>
internal sealed record CapacityResult
{
    /// <summary>Gets the replicas that serve the load (before redundancy).</summary>
    public int ServingReplicas { get; init; }

    /// <summary>Gets the replicas in total, redundancy included.</summary>
    public int Replicas { get; init; }

    /// <summary>Gets the prediction for one replica at peak load.</summary>
    public PerformancePrediction? Prediction { get; init; }

    /// <summary>
    /// Gets the query the performance model answered with <see cref="Prediction"/>'s step times (made without
    /// <see cref="PerformancePrediction.MaxRequestRate"/>, which is added only to the options a plan shows).
    /// </summary>
    public PerformanceQuery? PredictionQuery { get; init; }

    /// <summary>Gets what one replica fewer would break (the binding limit), when more than one serves the load.</summary>
    public RejectionReason? LimitedBy { get; init; }

    /// <summary>Gets the serving replicas the estimate gave, when the simulation needed more (<see cref="ServingReplicas"/>).</summary>
    public int? EstimatedServingReplicas { get; init; }

    /// <summary>Gets why the configuration cannot serve the load, when it cannot.</summary>
    public RejectionReason? Failure { get; init; }

    /// <summary>Gets <see cref="Failure"/> as text.</summary>
    public string? FailureReason => Failure?.Describe();

    /// <summary>Gets whether a replica count was found.</summary>
    public bool IsFeasible => Prediction is not null && Failure is null;

    /// <summary>Gets <see cref="LimitedBy"/> as text: what one replica fewer would break.</summary>
    /// <returns>The text, or <see langword="null"/> when there is no binding limit.</returns>
    public string? DescribeLimit()
        => LimitedBy is { } limit ? string.Create(CultureInfo.InvariantCulture, $"{ServingReplicas - 1} replica(s) would fail: {limit.Describe()}") : null;
}
