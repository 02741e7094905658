namespace Compass.Observability.Prometheus;

/// <summary>One cumulative histogram bucket: the observations less than or equal to <paramref name="UpperBound"/>.</summary>
/// <param name="UpperBound">The bucket's <c>le</c> bound (the last is +Inf).</param>
/// <param name="CumulativeCount">Observations at or below the bound.</param>
public sealed record HistogramBucket(double UpperBound, double CumulativeCount);
