namespace Compass.Core;

/// <summary>Latency statistics of one metric in one benchmark run, in milliseconds.</summary>
public sealed record LatencyStats
{
    /// <summary>Gets the mean.</summary>
    public required double Mean { get; init => field = Guard.NonNegativeFinite(value, nameof(Mean)); }

    /// <summary>Gets the 90th percentile.</summary>
    public required double P90 { get; init => field = Guard.NonNegativeFinite(value, nameof(P90)); }

    /// <summary>Gets the 95th percentile.</summary>
    public required double P95 { get; init => field = Guard.NonNegativeFinite(value, nameof(P95)); }

    /// <summary>Gets the 99th percentile.</summary>
    public required double P99 { get; init => field = Guard.NonNegativeFinite(value, nameof(P99)); }

    /// <summary>Gets the value at a percentile the data holds (90, 95 or 99).</summary>
    /// <param name="percentile">The percentile.</param>
    /// <returns>The value, or <see langword="null"/> for a percentile the data does not hold.</returns>
    public double? At(double percentile) => percentile switch
    {
        90 => P90,
        95 => P95,
        99 => P99,
        _ => null,
    };
}

/// <summary>
/// One point of a benchmark sweep: a (model, format, GPU, tensor-parallel) configuration serving one traffic profile at
/// one offered request rate. Sweeps keep every rate, so that latency can be read as a function of load.
/// </summary>
public sealed record BenchmarkPoint
{
    /// <summary>Gets the model (the unquantized base id).</summary>
    public required ModelId Model { get; init; }

    /// <summary>Gets the weight format that was served.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the GPU.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree (GPUs per replica).</summary>
    public required int TensorParallel { get; init => field = Guard.Positive(value, nameof(TensorParallel)); }

    /// <summary>Gets the mean prompt length of the profile, in tokens.</summary>
    public required int PromptTokens { get; init => field = Guard.Positive(value, nameof(PromptTokens)); }

    /// <summary>Gets the standard deviation of prompt lengths, in tokens.</summary>
    public double PromptTokensStdDev { get; init => field = Guard.NonNegativeFinite(value, nameof(PromptTokensStdDev)); }

    /// <summary>Gets the mean output length of the profile, in tokens.</summary>
    public required int OutputTokens { get; init => field = Guard.Positive(value, nameof(OutputTokens)); }

    /// <summary>Gets the standard deviation of output lengths, in tokens.</summary>
    public double OutputTokensStdDev { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokensStdDev)); }

    /// <summary>Gets the offered request rate, in requests per second.</summary>
    public required double RequestRate { get; init => field = Guard.PositiveFinite(value, nameof(RequestRate)); }

    /// <summary>Gets the achieved completion rate, in requests per second (below the offered rate when the server saturates).</summary>
    public required double AchievedRate { get; init => field = Guard.NonNegativeFinite(value, nameof(AchievedRate)); }

    /// <summary>Gets time-to-first-token statistics.</summary>
    public required LatencyStats Ttft { get; init; }

    /// <summary>Gets inter-token latency statistics.</summary>
    public required LatencyStats Itl { get; init; }

    /// <summary>Gets end-to-end latency statistics.</summary>
    public required LatencyStats E2e { get; init; }

    /// <summary>Gets the output throughput, in tokens per second.</summary>
    public required double OutputTokensPerSecond { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokensPerSecond)); }

    /// <summary>Gets the serving framework and version (<c>vllm v0.8.4</c>).</summary>
    public string Framework { get; init; } = "vllm";

    /// <summary>Gets where the point comes from, including whether it was measured or simulated.</summary>
    public required string Source { get; init; }

    /// <summary>Gets whether the server kept up with the offered load (achieved ≥ 95% of offered).</summary>
    public bool IsStable => AchievedRate >= 0.95 * RequestRate;
}
