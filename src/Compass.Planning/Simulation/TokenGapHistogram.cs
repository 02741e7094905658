namespace Compass.Planning.Simulation;

/// <summary>
/// A log-bucketed histogram of token gaps (HDR-style: a bucket per power of two split into 128 linear sub-buckets, so a
/// bucket is at most 1/128 ≈ 0.8 % wide relative to its values). Adding is O(1) and allocation-free; count, sum, min
/// and max are exact. Covers 2^-20 ms to 2^40 ms; values outside land in the end buckets (min/max stay exact).
/// </summary>
internal sealed class TokenGapHistogram
{
    private const int SubBucketBits = 7;
    private const int MantissaShift = 52 - SubBucketBits;
    private const int MinExponent = -20;
    private const int MaxExponent = 40;
    private const int BaseKey = (MinExponent + 1023) << SubBucketBits;
    private const int Buckets = ((MaxExponent - MinExponent) << SubBucketBits) + 1;

    // Bucket 0 holds zero and tiny gaps; bucket b ≥ 1 holds values whose key (biased exponent and top mantissa bits) is BaseKey + b - 1.
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public void Add(double value)
    {
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        var bucket = 0;
        if (value > 0)
        {
            var key = (int)(BitConverter.DoubleToInt64Bits(value) >> MantissaShift);
            bucket = Math.Clamp(key - BaseKey + 1, 0, Buckets - 1);
        }

        _counts[bucket]++;
    }

    public LatencySummary Summary()
    {
        if (Count == 0)
        {
            return LatencySummary.Empty;
        }

        return new(Count, Sum / Count, At(50), At(90), At(95), At(99), Min, Max);
    }

    /// <summary>The nearest-rank percentile, reported as the upper edge of its bucket clamped to [min, max].</summary>
    private double At(double percentile)
    {
        var rank = Percentiles.NearestRankIndex(Count, percentile) + 1L;
        var seen = 0L;
        for (var b = 0; b < _counts.Length; b++)
        {
            seen += _counts[b];
            if (seen >= rank)
            {
                var upper = b == 0 ? 0 : BitConverter.Int64BitsToDouble((long)(BaseKey + b) << MantissaShift);
                return Math.Clamp(upper, Min, Max);
            }
        }

        return Max;
    }
}
