using System.Collections.Immutable;
using Compass.Core;
using MathNet.Numerics.Interpolation;

namespace Compass.Planning.Performance;

/// <summary>A latency metric of a benchmark: TTFT, ITL or E2E.</summary>
internal enum LatencyMetric
{
    Ttft,
    Itl,
    E2e,
}

/// <summary>
/// Latency as a function of request rate for one configuration and one traffic profile, read from a benchmark sweep.
/// Each metric is made monotone first (a running maximum over increasing rate: latency never falls as load rises,
/// so a dip in the data is noise) and then interpolated linearly between measured rates. Below the lowest rate the
/// lowest-rate value is used (an upper bound, since latency only grows with load). Above the highest stable rate
/// (the last rate the server kept up with) the curve gives no answer: no silent extrapolation.
/// </summary>
internal sealed class SweepCurve
{
    private readonly double[] _rates;
    private readonly ImmutableDictionary<(LatencyMetric, double), double[]> _values;
    private readonly ImmutableDictionary<(LatencyMetric, double), IInterpolation?> _splines;

    public SweepCurve(IReadOnlyCollection<BenchmarkPoint> points)
    {
        var ordered = points.OrderBy(p => p.RequestRate).ToArray();
        var first = ordered[0];
        PromptTokens = first.PromptTokens;
        OutputTokens = first.OutputTokens;
        Framework = first.Framework;
        Source = first.Source;

        // Keep the stable prefix: once the server falls behind, later (higher) rates are not steady state.
        var stable = ordered.TakeWhile(p => p.IsStable).ToArray();
        _rates = [.. stable.Select(p => p.RequestRate)];
        MinRate = _rates.Length > 0 ? _rates[0] : 0;
        MaxStableRate = _rates.Length > 0 ? _rates[^1] : 0;
        PointCount = ordered.Length;

        var values = ImmutableDictionary.CreateBuilder<(LatencyMetric, double), double[]>();
        var splines = ImmutableDictionary.CreateBuilder<(LatencyMetric, double), IInterpolation?>();
        foreach (var metric in Enum.GetValues<LatencyMetric>())
        {
            foreach (var percentile in new[] { 0d, 90, 95, 99 })
            {
                var series = RunningMax(stable.Select(p => Read(p, metric, percentile)));
                values[(metric, percentile)] = series;
                splines[(metric, percentile)] = series.Length >= 2 ? LinearSpline.InterpolateSorted(_rates, series) : null;
            }
        }

        _values = values.ToImmutable();
        _splines = splines.ToImmutable();
    }

    public int PromptTokens { get; }

    public int OutputTokens { get; }

    public string Framework { get; }

    public string Source { get; }

    public double MinRate { get; }

    /// <summary>Gets the highest rate at which the server kept up (0 when it never did).</summary>
    public double MaxStableRate { get; }

    public int PointCount { get; }

    public bool Covers(double rate) => MaxStableRate > 0 && rate <= MaxStableRate * (1 + 1e-9);

    /// <summary>Reads a metric at a rate; percentile 0 means the mean.</summary>
    public double At(LatencyMetric metric, double percentile, double rate)
    {
        if (!Covers(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The sweep covers rates up to {MaxStableRate}.");
        }

        var series = _values[(metric, percentile)];
        if (rate <= MinRate || _splines[(metric, percentile)] is not { } spline)
        {
            return series[0];
        }

        return spline.Interpolate(rate);
    }

    private static double Read(BenchmarkPoint point, LatencyMetric metric, double percentile)
    {
        var stats = metric switch
        {
            LatencyMetric.Ttft => point.Ttft,
            LatencyMetric.Itl => point.Itl,
            _ => point.E2e,
        };
        return percentile == 0 ? stats.Mean : stats.At(percentile) ?? stats.Mean;
    }

    private static double[] RunningMax(IEnumerable<double> values)
    {
        var result = new List<double>();
        var max = double.NegativeInfinity;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
            result.Add(max);
        }

        return [.. result];
    }
}
