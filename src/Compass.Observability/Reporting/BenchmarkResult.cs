using System.Collections.Immutable;
using Compass.Observability.LoadTesting;
using Compass.Observability.Prometheus;

namespace Compass.Observability.Reporting;

/// <summary>One benchmark of a load test: the strategy it ran, when, every request, and the metrics.</summary>
public sealed record BenchmarkResult
{
    /// <summary>Gets the benchmark's position in the run, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the strategy (a sweep runs one benchmark per synchronous, throughput and rate step).</summary>
    public required LoadProfile Strategy { get; init; }

    /// <summary>Gets when the benchmark started (wall clock, from the injected <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Gets the requests, by <see cref="RequestRecord.Id"/>.</summary>
    public required ImmutableArray<RequestRecord> Requests { get; init; }

    /// <summary>Gets how many requests were sent in the warm-up and left out of <see cref="Requests"/> and the metrics.</summary>
    public int WarmupRequests { get; init; }

    /// <summary>Gets the metrics.</summary>
    public required BenchmarkMetrics Metrics { get; init; }

    /// <summary>Gets server-side latency histograms over the benchmark, when the endpoint's <c>/metrics</c> was read.</summary>
    public ImmutableArray<ServerLatency> ServerLatencies { get; init; } = [];

    /// <summary>Gets what went wrong reading server metrics, when it did.</summary>
    public string? ServerMetricsError { get; init; }

    /// <summary>Gets when the benchmark ended.</summary>
    public DateTimeOffset EndTime => StartTime + TimeSpan.FromSeconds(Metrics.DurationSeconds);
}
