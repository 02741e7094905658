namespace Compass.Planning.Simulation;

/// <summary>
/// The distribution of one latency metric over the measured requests (or token gaps), in ms. Percentiles are
/// nearest-rank (see <see cref="Percentiles"/>); an empty summary has <see cref="Count"/> 0 and zeros elsewhere.
/// </summary>
/// <param name="Count">How many values.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="P50">The median.</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P95">The 95th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public readonly record struct LatencySummary(long Count, double Mean, double P50, double P90, double P95, double P99, double Min, double Max)
{
    /// <summary>Gets the summary of no values.</summary>
    public static LatencySummary Empty => default;

    /// <summary>Summarises values (in any order).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The summary.</returns>
    public static LatencySummary Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        var sorted = values.ToArray();
        return OfOwned(sorted);
    }

    /// <summary>Gets the value at a percentile, for the five this summary holds (50, 90, 95, 99, 100).</summary>
    /// <param name="percentile">50, 90, 95, 99 or 100.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Another percentile.</exception>
    public double At(double percentile) => percentile switch
    {
        50 => P50,
        90 => P90,
        95 => P95,
        99 => P99,
        100 => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A summary holds p50, p90, p95, p99 and the maximum."),
    };

    /// <summary>Summarises an array this call may sort in place.</summary>
    internal static LatencySummary OfOwned(double[] values)
    {
        if (values.Length == 0)
        {
            return Empty;
        }

        Array.Sort(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        ReadOnlySpan<double> s = values;
        return new(
            values.Length,
            sum / values.Length,
            Percentiles.NearestRank(s, 50),
            Percentiles.NearestRank(s, 90),
            Percentiles.NearestRank(s, 95),
            Percentiles.NearestRank(s, 99),
            values[0],
            values[^1]);
    }
}
