using System.Globalization;

namespace Compass.Planning.Simulation;

/// <summary>The saturation verdict's rules (documented on <see cref="SimulationResult.Verdict"/>).</summary>
internal static class SaturationRules
{
    /// <summary>E2E growth per unit of run time at and above which the lag counts as growing.</summary>
    public const double OverloadGrowthRate = 0.05;

    /// <summary>How much the last quarter's mean E2E must exceed the second's.</summary>
    public const double OverloadGrowthFactor = 1.25;

    /// <summary>p95 queue time, as a fraction of the median E2E, from which requests count as backlogged.</summary>
    public const double BacklogQueueFraction = 0.1;

    /// <summary>Fewest measured requests for judging a trend.</summary>
    public const int MinRequestsForTrend = 40;

    /// <summary>Shortest arrival span, in median E2Es, for judging a trend.</summary>
    public const double MinSpanInE2e = 4;

    /// <summary>Judges a run from its measured requests in arrival order (the arrays are read, not changed).</summary>
    public static (SaturationVerdict Verdict, double? GrowthRate, string Reason) Judge(double[] arrivals, double[] e2e, double[] queue)
    {
        var n = arrivals.Length;
        if (n == 0)
        {
            return (SaturationVerdict.Stable, null, "no measured requests");
        }

        var medianE2e = Median(e2e);
        var p95Queue = Percentiles.NearestRank(Sorted(queue), 95);
        var span = arrivals[^1] - arrivals[0];
        double? growth = null;
        var trendNote = string.Empty;
        if (n >= MinRequestsForTrend && span >= MinSpanInE2e * medianE2e)
        {
            var q = n / 4;
            var m1 = Mean(e2e, q, 2 * q);
            var m2 = Mean(e2e, 2 * q, 3 * q);
            var m3 = Mean(e2e, 3 * q, n);
            growth = Slope(arrivals, e2e, q, n);
            if (growth >= OverloadGrowthRate && m1 < m2 && m2 < m3 && m3 >= OverloadGrowthFactor * m1)
            {
                return (SaturationVerdict.Overloaded, growth, Format(
                    $"E2E grows {growth:0.###} ms per ms of run (quarter means {m1:N0} → {m2:N0} → {m3:N0} ms): requests arrive faster than they are served"));
            }

            trendNote = Format($"E2E growth {growth:0.###} ms/ms");
        }
        else
        {
            trendNote = Format($"run too short to judge a trend (needs {MinRequestsForTrend}+ requests over {MinSpanInE2e:0}× the median E2E)");
        }

        return p95Queue >= BacklogQueueFraction * medianE2e && p95Queue > 0
            ? (SaturationVerdict.Backlogged, growth, Format(
                $"p95 queue time {p95Queue:N0} ms ≥ {BacklogQueueFraction:P0} of the median E2E ({medianE2e:N0} ms), but the queue drains; {trendNote}"))
            : (SaturationVerdict.Stable, growth, Format(
                $"p95 queue time {p95Queue:N0} ms < {BacklogQueueFraction:P0} of the median E2E ({medianE2e:N0} ms); {trendNote}"));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    private static double Median(double[] values) => Percentiles.NearestRank(Sorted(values), 50);

    private static double Mean(double[] values, int from, int to)
    {
        var sum = 0.0;
        for (var i = from; i < to; i++)
        {
            sum += values[i];
        }

        return to > from ? sum / (to - from) : 0;
    }

    /// <summary>The least-squares slope of y on x over [from, to); 0 when x does not vary.</summary>
    private static double Slope(double[] x, double[] y, int from, int to)
    {
        var mx = Mean(x, from, to);
        var my = Mean(y, from, to);
        double sxy = 0, sxx = 0;
        for (var i = from; i < to; i++)
        {
            var dx = x[i] - mx;
            sxy += dx * (y[i] - my);
            sxx += dx * dx;
        }

        return sxx > 0 ? sxy / sxx : 0;
    }
}
