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
        var n = items.Count;
        var costs = new double[n];
        var latencies = new double[n];
        var qualities = new double[n];
        for (var i = 0; i < n; i++)
        {
            costs[i] = cost(items[i]);
            latencies[i] = latency(items[i]);
            qualities[i] = quality(items[i]);
        }

        // Plain loops: a plan checks about a thousand options against each other, several times.
        var result = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var (c, l, q) = (costs[i], latencies[i], qualities[i]);
            var dominated = false;
            for (var j = 0; j < n && !dominated; j++)
            {
                dominated = costs[j] <= c && latencies[j] <= l && qualities[j] >= q && (costs[j] < c || latencies[j] < l || qualities[j] > q);
            }

            result[i] = !dominated;
        }

        return result;
    }
}
