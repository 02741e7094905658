namespace Compass.Observability.Reporting;

/// <summary>The standard percentiles of a distribution (GuideLLM's <c>percentiles</c> object: p001 is the 0.1th, p999 the 99.9th).</summary>
public sealed record Percentiles
{
    /// <summary>Gets the 0.1th percentile.</summary>
    public required double P001 { get; init; }

    /// <summary>Gets the 1st percentile.</summary>
    public required double P01 { get; init; }

    /// <summary>Gets the 5th percentile.</summary>
    public required double P05 { get; init; }

    /// <summary>Gets the 10th percentile.</summary>
    public required double P10 { get; init; }

    /// <summary>Gets the 25th percentile.</summary>
    public required double P25 { get; init; }

    /// <summary>Gets the median.</summary>
    public required double P50 { get; init; }

    /// <summary>Gets the 75th percentile.</summary>
    public required double P75 { get; init; }

    /// <summary>Gets the 90th percentile.</summary>
    public required double P90 { get; init; }

    /// <summary>Gets the 95th percentile.</summary>
    public required double P95 { get; init; }

    /// <summary>Gets the 99th percentile.</summary>
    public required double P99 { get; init; }

    /// <summary>Gets the 99.9th percentile.</summary>
    public required double P999 { get; init; }

    /// <summary>Gets all zeros (an empty distribution).</summary>
    public static Percentiles Zero { get; } = From(_ => 0);

    internal static Percentiles From(Func<double, double> quantile) => new()
    {
        P001 = quantile(0.001), P01 = quantile(0.01), P05 = quantile(0.05), P10 = quantile(0.10), P25 = quantile(0.25), P50 = quantile(0.50),
        P75 = quantile(0.75), P90 = quantile(0.90), P95 = quantile(0.95), P99 = quantile(0.99), P999 = quantile(0.999),
    };
}
