using System.Collections.Immutable;

namespace Compass.Observability.Prometheus;

/// <summary>
/// One histogram series (or several merged): cumulative buckets by upper bound, the sum and the count of
/// observations. <see cref="Quantile"/> estimates a quantile as Prometheus's <c>histogram_quantile</c> does.
/// </summary>
public sealed record PrometheusHistogram
{
    /// <summary>Initializes a new instance of the <see cref="PrometheusHistogram"/> class.</summary>
    /// <param name="name">The family name.</param>
    /// <param name="labels">The series labels (without <c>le</c>).</param>
    /// <param name="buckets">Cumulative buckets; they are sorted by bound.</param>
    /// <param name="sum">The sum of observations.</param>
    /// <param name="count">The number of observations.</param>
    /// <exception cref="ArgumentException">Bounds repeat, or cumulative counts decrease.</exception>
    public PrometheusHistogram(string name, ImmutableSortedDictionary<string, string> labels, IEnumerable<HistogramBucket> buckets, double sum, double count)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        Name = name;
        Labels = labels;
        Buckets = [.. buckets.OrderBy(b => b.UpperBound)];
        for (var i = 1; i < Buckets.Length; i++)
        {
            if (Buckets[i].UpperBound == Buckets[i - 1].UpperBound)
            {
                throw new ArgumentException($"Histogram {name} has two buckets with le=\"{Buckets[i].UpperBound}\".", nameof(buckets));
            }

            if (Buckets[i].CumulativeCount < Buckets[i - 1].CumulativeCount)
            {
                throw new ArgumentException($"Histogram {name}'s bucket counts decrease at le=\"{Buckets[i].UpperBound}\"; buckets are cumulative.", nameof(buckets));
            }
        }

        Sum = sum;
        Count = count;
    }

    /// <summary>Gets the family name.</summary>
    public string Name { get; }

    /// <summary>Gets the series labels (without <c>le</c>).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; }

    /// <summary>Gets the cumulative buckets, by ascending bound.</summary>
    public ImmutableArray<HistogramBucket> Buckets { get; }

    /// <summary>Gets the sum of observations.</summary>
    public double Sum { get; }

    /// <summary>Gets the number of observations.</summary>
    public double Count { get; }

    /// <summary>Gets the mean observation (sum ÷ count), or NaN without observations.</summary>
    public double Mean => Count > 0 ? Sum / Count : double.NaN;

    /// <summary>
    /// Estimates a quantile from the buckets: finds the bucket holding rank q × count and interpolates linearly between
    /// its lower bound (the previous bucket's bound, or 0) and its upper bound. A rank in the +Inf bucket gives the largest
    /// finite bound. NaN without observations.
    /// </summary>
    /// <param name="quantile">The level in [0, 1], e.g. 0.95.</param>
    /// <returns>The estimate, in the histogram's unit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside [0, 1].</exception>
    public double Quantile(double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile must be in [0, 1].");
        }

        var total = Buckets.IsEmpty ? 0 : Buckets[^1].CumulativeCount;
        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = quantile * total;
        for (var i = 0; i < Buckets.Length; i++)
        {
            var bucket = Buckets[i];
            if (bucket.CumulativeCount < rank)
            {
                continue;
            }

            if (double.IsPositiveInfinity(bucket.UpperBound))
            {
                return i > 0 ? Buckets[i - 1].UpperBound : double.NaN;
            }

            var lower = i > 0 ? Buckets[i - 1].UpperBound : Math.Min(0, bucket.UpperBound);
            var below = i > 0 ? Buckets[i - 1].CumulativeCount : 0;
            var inBucket = bucket.CumulativeCount - below;
            return inBucket <= 0 ? bucket.UpperBound : lower + ((bucket.UpperBound - lower) * (rank - below) / inBucket);
        }

        return Buckets[^1].UpperBound;
    }

    /// <summary>
    /// Gets what was observed between <paramref name="before"/> and this snapshot: bucket, sum and count differences.
    /// When a count went down (the server restarted), this histogram is returned as it is.
    /// </summary>
    /// <param name="before">The earlier reading of the same series.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="before"/> is null.</exception>
    public PrometheusHistogram Minus(PrometheusHistogram before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var earlier = before.Buckets.ToDictionary(b => b.UpperBound, b => b.CumulativeCount);
        if (before.Count > Count || Buckets.Any(b => earlier.TryGetValue(b.UpperBound, out var c) && c > b.CumulativeCount))
        {
            return this;
        }

        return new PrometheusHistogram(
            Name, Labels, Buckets.Select(b => b with { CumulativeCount = b.CumulativeCount - earlier.GetValueOrDefault(b.UpperBound) }), Sum - before.Sum, Count - before.Count);
    }

    /// <summary>Adds another series with the same bounds (e.g. another model or engine's series of the same family).</summary>
    /// <param name="other">The other series.</param>
    /// <returns>The merged histogram, with the labels the two share.</returns>
    /// <exception cref="ArgumentException">The bucket bounds differ.</exception>
    public PrometheusHistogram Plus(PrometheusHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Buckets.Select(b => b.UpperBound).SequenceEqual(other.Buckets.Select(b => b.UpperBound)))
        {
            throw new ArgumentException($"Cannot merge series of {Name} with different bucket bounds.", nameof(other));
        }

        var shared = Labels.Where(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value).ToImmutableSortedDictionary(StringComparer.Ordinal);
        return new PrometheusHistogram(
            Name, shared, Buckets.Zip(other.Buckets, (a, b) => a with { CumulativeCount = a.CumulativeCount + b.CumulativeCount }), Sum + other.Sum, Count + other.Count);
    }
}
