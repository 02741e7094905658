namespace Compass.Postgres.Imports;

/// <summary>Mean, p50, p90, p95 and p99 of TTFT, ITL and E2E, in milliseconds, in the order of <see cref="Names"/>.</summary>
internal sealed class Latencies
{
    public static readonly string[] Names =
    [
        "ttft_mean", "ttft_p50", "ttft_p90", "ttft_p95", "ttft_p99",
        "itl_mean", "itl_p50", "itl_p90", "itl_p95", "itl_p99",
        "e2e_mean", "e2e_p50", "e2e_p90", "e2e_p95", "e2e_p99",
    ];

    public double?[] Values { get; } = new double?[Names.Length];
}
