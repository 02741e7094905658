namespace Compass.Simulator.Metrics;

/// <summary>The histogram buckets vLLM's V1 Prometheus logger uses, so dashboards and alerts built for vLLM read the simulator unchanged.</summary>
internal static class VllmBuckets
{
    public static readonly double[] TimeToFirstToken =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    public static readonly double[] InterTokenLatency =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    public static readonly double[] RequestLatency =
        [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    /// <summary>1, 2, 5, 10, 20, 50, … up to and including the largest such value ≤ <paramref name="max"/> (vLLM's <c>build_1_2_5_buckets</c>).</summary>
    public static double[] OneTwoFive(int max)
    {
        var result = new List<double>();
        for (var exponent = 1L; ; exponent *= 10)
        {
            foreach (var m in (ReadOnlySpan<long>)[1, 2, 5])
            {
                var value = m * exponent;
                if (value > max)
                {
                    return [.. result];
                }

                result.Add(value);
            }
        }
    }

    /// <summary>Step sizes: powers of two from 1 up to the token budget, and the budget itself.</summary>
    public static double[] IterationTokens(int maxNumBatchedTokens)
    {
        var result = new List<double> { 1 };
        for (var v = 8L; v < maxNumBatchedTokens; v *= 2)
        {
            result.Add(v);
        }

        result.Add(maxNumBatchedTokens);
        return [.. result.Distinct()];
    }
}
