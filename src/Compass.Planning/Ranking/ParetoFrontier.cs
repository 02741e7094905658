namespace Compass.Planning.Ranking;

/// <summary>The Pareto frontier over (monthly cost ↓, p95 E2E latency ↓, quality ↑).</summary>
internal static class ParetoFrontier
{
    /// <summary>Returns, for each item, whether no other item is at least as good on all three objectives and strictly better on one.</summary>
    /// <param name="items">The items.</param>
    /// <param name="cost">Cost (lower is better).</param>
    /// <param name="latency">Latency (lower is better).</param>
    /// <param name="quality">Quality (higher is better).</param>
    /// <typeparam name="T">The item type.</typeparam>
    /// <returns>One flag per item, in order.</returns>
    public static bool[] Compute<T>(IReadOnlyList<T> items, Func<T, double> cost, Func<T, double> latency, Func<T, double> quality)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(quality);
        var points = items.Select(i => (C: cost(i), L: latency(i), Q: quality(i))).ToArray();
        var result = new bool[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var p = points[i];
            result[i] = !points.Any(o => o.C <= p.C && o.L <= p.L && o.Q >= p.Q && (o.C < p.C || o.L < p.L || o.Q > p.Q));
        }

        return result;
    }
}
