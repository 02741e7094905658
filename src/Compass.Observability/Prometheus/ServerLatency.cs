using System.Collections.Immutable;

namespace Compass.Observability.Prometheus;

/// <summary>A server-side latency histogram over one benchmark (the after − before delta), summarized in ms.</summary>
/// <param name="Metric">The histogram family, e.g. <c>vllm:time_to_first_token_seconds</c>.</param>
/// <param name="Count">Observations during the benchmark.</param>
/// <param name="MeanMs">Mean, in ms.</param>
/// <param name="P50Ms">Median estimated from the buckets, in ms.</param>
/// <param name="P90Ms">90th percentile estimated from the buckets, in ms.</param>
/// <param name="P95Ms">95th percentile estimated from the buckets, in ms.</param>
/// <param name="P99Ms">99th percentile estimated from the buckets, in ms.</param>
public sealed record ServerLatency(string Metric, double Count, double MeanMs, double P50Ms, double P90Ms, double P95Ms, double P99Ms)
{
    /// <summary>Gets the vLLM histograms (in seconds) a load test summarizes when they are exposed.</summary>
    public static ImmutableArray<string> VllmHistograms { get; } =
    [
        "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds",
        "vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds",
    ];

    /// <summary>
    /// Gets the Compass simulator's own histograms (in seconds) a load test summarizes when they are exposed: how late the
    /// engine handed tokens to streams and how late they were written to connections, against their scheduled step ends.
    /// </summary>
    public static ImmutableArray<string> SimulatorHistograms { get; } = ["compass:token_emission_lag_seconds", "compass:token_delivery_lag_seconds"];

    /// <summary>Summarizes what a histogram in seconds observed between two snapshots; null when the family is absent or saw nothing.</summary>
    /// <param name="before">The reading before the benchmark.</param>
    /// <param name="after">The reading after it.</param>
    /// <param name="metric">The histogram family (values in seconds).</param>
    /// <returns>The summary, or null.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ServerLatency? Between(PrometheusSnapshot before, PrometheusSnapshot after, string metric)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var end = after.Histogram(metric);
        if (end is null)
        {
            return null;
        }

        var delta = before.Histogram(metric) is { } start ? end.Minus(start) : end;
        return delta.Count <= 0
            ? null
            : new ServerLatency(metric, delta.Count, delta.Mean * 1000, delta.Quantile(0.5) * 1000, delta.Quantile(0.9) * 1000, delta.Quantile(0.95) * 1000, delta.Quantile(0.99) * 1000);
    }
}
