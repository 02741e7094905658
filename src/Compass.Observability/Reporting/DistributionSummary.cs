namespace Compass.Observability.Reporting;

/// <summary>
/// Summary statistics of one metric (GuideLLM's <c>DistributionSummary</c>): mean, median, mode, variance, standard
/// deviation, extremes, count, sum and percentiles. Unweighted percentiles interpolate linearly between order
/// statistics; weighted ones (rates, concurrency) take the first value whose cumulative weight reaches the level.
/// </summary>
public sealed record DistributionSummary
{
    /// <summary>Gets the mean.</summary>
    public required double Mean { get; init; }

    /// <summary>Gets the median.</summary>
    public required double Median { get; init; }

    /// <summary>Gets the most frequent (or, weighted, the heaviest) value.</summary>
    public required double Mode { get; init; }

    /// <summary>Gets the population variance.</summary>
    public required double Variance { get; init; }

    /// <summary>Gets the population standard deviation.</summary>
    public required double StdDev { get; init; }

    /// <summary>Gets the smallest value.</summary>
    public required double Min { get; init; }

    /// <summary>Gets the largest value.</summary>
    public required double Max { get; init; }

    /// <summary>Gets the number of observations.</summary>
    public required int Count { get; init; }

    /// <summary>Gets the sum of the values (mean × count when weighted).</summary>
    public required double TotalSum { get; init; }

    /// <summary>Gets the percentiles.</summary>
    public required Percentiles Percentiles { get; init; }

    /// <summary>Gets the summary of no observations (all zeros).</summary>
    public static DistributionSummary Empty { get; } = new()
    {
        Mean = 0, Median = 0, Mode = 0, Variance = 0, StdDev = 0, Min = 0, Max = 0, Count = 0, TotalSum = 0, Percentiles = Percentiles.Zero,
    };

    /// <summary>Summarizes observed values (percentiles by linear interpolation between order statistics).</summary>
    /// <param name="values">The values; non-finite ones are ignored.</param>
    /// <returns>The summary; <see cref="Empty"/> for no values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static DistributionSummary FromValues(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        var mean = sorted.Average();
        var variance = sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length;
        var mode = sorted.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        return new DistributionSummary
        {
            Mean = mean,
            Median = Quantile(sorted, 0.5),
            Mode = mode,
            Variance = variance,
            StdDev = Math.Sqrt(variance),
            Min = sorted[0],
            Max = sorted[^1],
            Count = sorted.Length,
            TotalSum = sorted.Sum(),
            Percentiles = Percentiles.From(q => Quantile(sorted, q)),
        };
    }

    /// <summary>Summarizes values that each hold for a weight (e.g. a rate over a span of time).</summary>
    /// <param name="values">(value, weight) pairs; pairs with a non-positive weight or a non-finite value are ignored.</param>
    /// <param name="count">The observation count to report (e.g. the number of requests behind a rate).</param>
    /// <returns>The summary; <see cref="Empty"/> when no weight remains.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    internal static DistributionSummary FromWeighted(IEnumerable<(double Value, double Weight)> values, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pairs = values.Where(p => double.IsFinite(p.Value) && double.IsFinite(p.Weight) && p.Weight > 0).OrderBy(p => p.Value).ToArray();
        var total = pairs.Sum(p => p.Weight);
        if (pairs.Length == 0 || total <= 0)
        {
            return Empty with { Count = count };
        }

        var mean = pairs.Sum(p => p.Value * p.Weight) / total;
        var variance = pairs.Sum(p => (p.Value - mean) * (p.Value - mean) * p.Weight) / total;
        double WeightedQuantile(double q)
        {
            var cumulative = 0.0;
            foreach (var (value, weight) in pairs)
            {
                cumulative += weight / total;
                if (cumulative >= q - 1e-12)
                {
                    return value;
                }
            }

            return pairs[^1].Value;
        }

        return new DistributionSummary
        {
            Mean = mean,
            Median = WeightedQuantile(0.5),
            Mode = pairs.GroupBy(p => p.Value).OrderByDescending(g => g.Sum(p => p.Weight)).First().Key,
            Variance = variance,
            StdDev = Math.Sqrt(variance),
            Min = pairs[0].Value,
            Max = pairs[^1].Value,
            Count = count,
            TotalSum = mean * count,
            Percentiles = Percentiles.From(WeightedQuantile),
        };
    }

    /// <summary>Gets the value at a percentile by linear interpolation between the order statistics of <paramref name="sorted"/>.</summary>
    /// <param name="sorted">Values in ascending order.</param>
    /// <param name="quantile">The level in [0, 1].</param>
    /// <returns>The interpolated value; 0 for no values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside [0, 1].</exception>
    internal static double Quantile(IReadOnlyList<double> sorted, double quantile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile must be in [0, 1].");
        }

        if (sorted.Count == 0)
        {
            return 0;
        }

        var position = quantile * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    /// <summary>Gets the value at a percentile in (0, 100): the named percentiles exactly, others interpolated between them.</summary>
    /// <param name="percentile">The percentile, e.g. 95.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is outside (0, 100).</exception>
    public double AtPercentile(double percentile)
    {
        if (!(percentile > 0 && percentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must be in (0, 100).");
        }

        (double Level, double Value)[] known =
        [
            (0, Min), (0.1, Percentiles.P001), (1, Percentiles.P01), (5, Percentiles.P05), (10, Percentiles.P10), (25, Percentiles.P25),
            (50, Percentiles.P50), (75, Percentiles.P75), (90, Percentiles.P90), (95, Percentiles.P95), (99, Percentiles.P99),
            (99.9, Percentiles.P999), (100, Max),
        ];
        for (var i = 1; i < known.Length; i++)
        {
            if (percentile <= known[i].Level)
            {
                var (l0, v0) = known[i - 1];
                var (l1, v1) = known[i];
                return v0 + ((v1 - v0) * (percentile - l0) / (l1 - l0));
            }
        }

        return Max;
    }
}
