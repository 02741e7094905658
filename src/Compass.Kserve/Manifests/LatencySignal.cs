using System.Globalization;

namespace Compass.Kserve.Manifests;

/// <summary>
/// What a latency SLO alert measures: the share of a vLLM histogram's observations above a bucket bound
/// (<see cref="SloBound"/>), against the share the SLO's percentile allows; with the interpolated percentile beside it
/// for context (the dashboard's panel, the alert's description, the runbook).
/// </summary>
internal sealed record LatencySignal
{
    /// <summary>Gets the latency in words (<c>time to first token</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets what one observation is, plural (<c>requests</c>, <c>token gaps</c>).</summary>
    public required string Observations { get; init; }

    /// <summary>Gets the histogram's <c>_bucket</c> series; more than one where vLLM renamed the metric.</summary>
    public required IReadOnlyList<string> Histograms { get; init; }

    /// <summary>Gets the histogram's finite bucket bounds, in seconds, ascending.</summary>
    public required IReadOnlyList<double> Buckets { get; init; }

    /// <summary>Gets the SLO percentile as a quantile (0.95).</summary>
    public required double Quantile { get; init; }

    /// <summary>Gets the bound the alert counts above.</summary>
    public required SloBound Bound { get; init; }

    /// <summary>Gets the PromQL of the interpolated quantile (<c>histogram_quantile</c>), for context.</summary>
    public required string QuantileQuery { get; init; }

    /// <summary>Gets the share of observations the SLO allows above its target (0.05 for p95).</summary>
    public double Allowed => Math.Round(1 - Quantile, 9);

    /// <summary>Gets the percentile as the SLO names it (<c>p95</c>).</summary>
    public string Percentile => string.Create(CultureInfo.InvariantCulture, $"p{Quantile * 100:0.#}");

    /// <summary>
    /// Gets the Prometheus template that adds the interpolated percentile to the alert's description; it renders nothing
    /// when the query has no value.
    /// </summary>
    public string ContextTemplate => $"{{{{ with query `{QuantileQuery}` }}}} (interpolated {Percentile}: {{{{ . | first | value | humanizeDuration }}}}){{{{ end }}}}";

    /// <summary>Renders <see cref="ContextTemplate"/> for an interpolated percentile of <paramref name="seconds"/>.</summary>
    public string Context(double seconds) => $" (interpolated {Percentile}: {GoFormat.HumanizeDuration(seconds)})";
}
