using System.Globalization;

namespace Compass.Planning.Simulation;

/// <summary>The saturation verdict's rules (documented on <see cref="SimulationResult.Verdict"/>).</summary>
internal static class SaturationRules
{
    /// <summary>Growth rate (of queue time in ms/ms, or of requests in system per arrival) from which a trend counts.</summary>
    public const double OverloadGrowthRate = 0.05;

    /// <summary>How much the last quarter's mean must exceed the second's for a trend to count.</summary>
    public const double OverloadGrowthFactor = 1.25;

    /// <summary>p95 queue time, as a fraction of the median E2E, from which requests count as backlogged.</summary>
    public const double BacklogQueueFraction = 0.1;

    /// <summary>Fewest measured requests for judging a trend.</summary>
    public const int MinRequestsForTrend = 40;

    /// <summary>Shortest arrival span, in median E2Es of the first quarter, for judging the requests-in-system trend.</summary>
    public const double MinSpanInE2e = 4;

    /// <summary>Judges a run from its measured requests in arrival order (the arrays are read, not changed).</summary>
    /// <param name="arrivals">Arrival times.</param>
    /// <param name="e2e">E2E latencies.</param>
    /// <param name="queue">Queue times.</param>
    /// <param name="inSystem">Requests in the system when each arrived.</param>
    public static Judgement Judge(double[] arrivals, double[] e2e, double[] queue, double[] inSystem)
    {
        var n = arrivals.Length;
        if (n == 0)
        {
            return new(SaturationVerdict.Stable, null, 0, "no measured requests");
        }

        var q = n / 4;
        var medianE2e = Median(e2e);
        var p95Queue = Percentiles.NearestRank(Sorted(queue), 95);
        var queueGrowth = Tidy(Slope(arrivals, queue, 0, n));
        // Rule 1, the queue: a stable system's waits are short from the start, so a steady rise to a backlog (the
        // rule-3 level) needs no long run.
        if (n >= MinRequestsForTrend)
        {
            var (w1, w2, w3) = (Mean(queue, q, 2 * q), Mean(queue, 2 * q, 3 * q), Mean(queue, 3 * q, n));
            if (queueGrowth >= OverloadGrowthRate && w1 < w2 && w2 < w3 && w3 >= OverloadGrowthFactor * w1 && w3 >= BacklogQueueFraction * medianE2e)
            {
                return new(SaturationVerdict.Overloaded, null, queueGrowth, Format(
                    $"queue time grows {queueGrowth:0.###} ms per ms of run (quarter means {w1:N0} → {w2:N0} → {w3:N0} ms): requests arrive faster than they are served"));
            }
        }

        // Rule 2, requests in the system (queued or running): they also pile up when the running batch, not the queue,
        // keeps growing. Any system fills up over about one E2E from the start, so the run must be several early E2Es
        // long, and the first quarter is left out of the slope.
        var earlyE2e = Median(q > 0 ? e2e[..q] : e2e);
        var span = arrivals[^1] - arrivals[0];
        double? backlogGrowth = null;
        string trendNote;
        if (n >= MinRequestsForTrend && span >= MinSpanInE2e * earlyE2e)
        {
            var (m1, m2, m3) = (Mean(inSystem, q, 2 * q), Mean(inSystem, 2 * q, 3 * q), Mean(inSystem, 3 * q, n));
            var arrivalsPerMs = (n - 1) / span;
            backlogGrowth = Tidy(Slope(arrivals, inSystem, q, n) / arrivalsPerMs);
            if (backlogGrowth >= OverloadGrowthRate && m1 < m2 && m2 < m3 && m3 >= OverloadGrowthFactor * m1)
            {
                return new(SaturationVerdict.Overloaded, backlogGrowth, queueGrowth, Format(
                    $"requests in the system grow by {backlogGrowth:0.###} per arrival (quarter means {m1:N0} → {m2:N0} → {m3:N0}): requests arrive faster than they are served"));
            }

            trendNote = Format($"in-system growth {backlogGrowth:0.###} per arrival, queue growth {queueGrowth:0.###} ms/ms");
        }
        else
        {
            trendNote = Format(
                $"queue growth {queueGrowth:0.###} ms/ms; run too short to judge the in-system trend (needs {MinRequestsForTrend}+ requests arriving over {MinSpanInE2e:0}× the early median E2E, {earlyE2e:N0} ms)");
        }

        // Rule 3, the backlog.
        return p95Queue >= BacklogQueueFraction * medianE2e && p95Queue > 0
            ? new(SaturationVerdict.Backlogged, backlogGrowth, queueGrowth, Format(
                $"p95 queue time {p95Queue:N0} ms ≥ {BacklogQueueFraction * 100:0}% of the median E2E ({medianE2e:N0} ms), but the queue does not keep growing; {trendNote}"))
            : new(SaturationVerdict.Stable, backlogGrowth, queueGrowth, Format(
                $"p95 queue time {p95Queue:N0} ms < {BacklogQueueFraction * 100:0}% of the median E2E ({medianE2e:N0} ms); {trendNote}"));
    }

    // Rounds away float noise, and turns -0 into 0 so that it prints as 0.
    private static double Tidy(double value) => Math.Round(value, 4) is var r && r == 0 ? 0 : r;

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

    /// <summary>A verdict and the figures behind it.</summary>
    public readonly record struct Judgement(SaturationVerdict Verdict, double? BacklogGrowth, double QueueGrowth, string Reason);
}
