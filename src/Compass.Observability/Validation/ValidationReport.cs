using System.Collections.Immutable;
using Compass.Core;
using Compass.Observability.Reporting;

namespace Compass.Observability.Validation;

/// <summary>A plan's recommendation checked against a load test of its endpoint at the planned per-replica peak rate.</summary>
public sealed record ValidationReport
{
    /// <summary>Gets the recommendation checked.</summary>
    public required Recommendation Recommendation { get; init; }

    /// <summary>Gets the rate the endpoint was loaded at: the plan's peak QPS ÷ the recommendation's replicas, in requests/s.</summary>
    public required double RatePerReplica { get; init; }

    /// <summary>Gets the SLO checks: TTFT, ITL and E2E.</summary>
    public required ImmutableArray<SloCheck> Checks { get; init; }

    /// <summary>Gets the fraction of requests that failed or did not complete.</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Gets the largest error rate that still passes.</summary>
    public required double MaxErrorRate { get; init; }

    /// <summary>Gets the benchmark the checks come from.</summary>
    public required BenchmarkResult Benchmark { get; init; }

    /// <summary>Gets the request rate the endpoint completed, in requests/s (below <see cref="RatePerReplica"/> when it could not keep up).</summary>
    public double AchievedRate => Benchmark.Metrics.RequestsPerSecond.Successful.Mean;

    /// <summary>Gets whether every SLO holds and the error rate is within bounds.</summary>
    public bool Passed => Checks.All(c => c.Passed) && ErrorRate <= MaxErrorRate;
}
