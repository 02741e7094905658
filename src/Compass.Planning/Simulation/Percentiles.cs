namespace Compass.Planning.Simulation;

/// <summary>
/// Percentiles by the <b>nearest-rank</b> method: the p-th percentile of n sorted values is the value at rank
/// ⌈p/100 × n⌉ (1-based), i.e. the smallest observed value with at least p % of the values at or below it. It is
/// always an observed value, and p50 ≤ p90 ≤ p95 ≤ p99 ≤ max holds by construction.
/// </summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile of values sorted in ascending order.</summary>
    /// <param name="sorted">The values, ascending; at least one.</param>
    /// <param name="percentile">The percentile, in (0, 100].</param>
    /// <returns>The value at rank ⌈p/100 × n⌉.</returns>
    /// <exception cref="ArgumentException">There are no values, or the percentile is outside (0, 100].</exception>
    public static double NearestRank(ReadOnlySpan<double> sorted, double percentile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("At least one value is needed.", nameof(sorted));
        }

        return sorted[NearestRankIndex(sorted.Length, percentile)];
    }

    /// <summary>The 0-based index of the nearest-rank percentile among <paramref name="count"/> sorted values.</summary>
    /// <param name="count">How many values, at least one.</param>
    /// <param name="percentile">The percentile, in (0, 100].</param>
    /// <returns>⌈p/100 × n⌉ − 1, within [0, n − 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive or the percentile is outside (0, 100].</exception>
    public static int NearestRankIndex(long count, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must be in (0, 100].");
        }

        // The small tolerance keeps 90 % of 10 values at rank 9 despite binary rounding of 0.9 × 10.
        var rank = (long)Math.Ceiling((percentile / 100 * count) - 1e-9);
        return (int)Math.Clamp(rank - 1, 0, count - 1);
    }
}
