namespace Compass.Simulator.Metrics;

/// <summary>A Prometheus histogram with fixed upper bounds: per-bucket counts (not yet cumulative), sum and count. Not thread-safe.</summary>
internal sealed class Histogram
{
    private readonly long[] _counts;

    public Histogram(IReadOnlyList<double> bounds)
    {
        Bounds = bounds;
        _counts = new long[bounds.Count + 1];
    }

    public IReadOnlyList<double> Bounds { get; }

    public double Sum { get; private set; }

    public long Count { get; private set; }

    public void Observe(double value)
    {
        var i = 0;
        while (i < Bounds.Count && value > Bounds[i])
        {
            i++;
        }

        _counts[i]++;
        Sum += value;
        Count++;
    }

    /// <summary>Gets the cumulative count of observations ≤ each bound, then the total (the +Inf bucket).</summary>
    public long[] Cumulative()
    {
        var result = new long[_counts.Length];
        var running = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += _counts[i];
            result[i] = running;
        }

        return result;
    }
}
