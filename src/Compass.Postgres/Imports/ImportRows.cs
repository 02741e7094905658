namespace Compass.Postgres.Imports;

/// <summary>One benchmark run as it will be written to <c>benchmark_runs</c>.</summary>
internal sealed record RunRow(
    string RunKey,
    string Model,
    string Quantization,
    string Gpu,
    int TensorParallel,
    string Engine,
    string EngineVersion,
    string Provenance,
    string Source,
    double PromptTokens,
    double PromptTokensStdDev,
    double OutputTokens,
    double OutputTokensStdDev);

/// <summary>One benchmark point as it will be written to <c>benchmark_points</c>; latencies in ms, null where the source has none.</summary>
internal sealed record PointRow(string RunKey, double RequestRate, int? Concurrency, double AchievedRate, double OutputTokensPerSecond, Latencies Latencies);

/// <summary>One price as it will be written to <c>prices</c>.</summary>
internal sealed record PriceRow(string Gpu, string Provider, string InstanceType, string Tier, decimal UsdPerGpuHour, DateOnly EffectiveFrom, string Source);

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

/// <summary>Everything read from one file, validated, before anything is written.</summary>
internal sealed class ParsedFile
{
    public Dictionary<string, RunRow> Runs { get; } = new(StringComparer.Ordinal);

    public List<PointRow> Points { get; } = [];

    public List<PriceRow> Prices { get; } = [];

    public List<string> Notes { get; } = [];
}
