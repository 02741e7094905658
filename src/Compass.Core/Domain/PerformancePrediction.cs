namespace Compass.Core;

/// <summary>
/// Predicted latency of one replica at one load, at the SLO percentile, with its provenance. Times in milliseconds,
/// rates in requests per second.
/// </summary>
public sealed record PerformancePrediction
{
    /// <summary>Gets the time to first token at <see cref="Percentile"/>.</summary>
    public required double TtftMs { get; init => field = Guard.NonNegativeFinite(value, nameof(TtftMs)); }

    /// <summary>Gets the inter-token latency at <see cref="Percentile"/>.</summary>
    public required double ItlMs { get; init => field = Guard.NonNegativeFinite(value, nameof(ItlMs)); }

    /// <summary>Gets the end-to-end latency at <see cref="Percentile"/>.</summary>
    public required double E2eMs { get; init => field = Guard.NonNegativeFinite(value, nameof(E2eMs)); }

    /// <summary>Gets the percentile of the three latencies.</summary>
    public required double Percentile { get; init; }

    /// <summary>Gets the request rate per replica the prediction is for.</summary>
    public required double RequestRate { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestRate)); }

    /// <summary>Gets the output tokens per second one replica produces at that rate.</summary>
    public required double OutputTokensPerSecond { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokensPerSecond)); }

    /// <summary>Gets the highest per-replica rate the data supports for this configuration and profile (its capacity as far as is known).</summary>
    public double? MaxRequestRate { get; init; }

    /// <summary>Gets where the prediction comes from.</summary>
    public required PredictionSource Source { get; init; }

    /// <summary>Gets the data behind the prediction, in words (which sweep, which profiles, which rates).</summary>
    public required string Basis { get; init; }

    /// <summary>Gets whether the prediction meets every target in <paramref name="slo"/>.</summary>
    /// <param name="slo">The targets.</param>
    /// <returns><see langword="true"/> when TTFT, ITL and E2E are all within target.</returns>
    public bool Meets(SloTargets slo)
    {
        ArgumentNullException.ThrowIfNull(slo);
        return TtftMs <= slo.TtftMs && ItlMs <= slo.ItlMs && E2eMs <= slo.E2eMs;
    }
}

/// <summary>Where one GPU's memory goes in a configuration, in GiB (2^30 bytes, as vLLM reports it), and what it leaves for the KV cache.</summary>
public sealed record MemoryBreakdown
{
    /// <summary>Gets the memory vLLM may use per GPU (capacity × utilization).</summary>
    public required double UsableGiB { get; init; }

    /// <summary>Gets the weights held by each GPU.</summary>
    public required double WeightsGiB { get; init; }

    /// <summary>Gets the activation peak per GPU during the largest batch.</summary>
    public required double ActivationsGiB { get; init; }

    /// <summary>Gets the CUDA context, graphs and allocator overhead per GPU.</summary>
    public required double OverheadGiB { get; init; }

    /// <summary>Gets what is left for the KV cache per GPU (negative when the weights do not fit).</summary>
    public required double KvCacheGiB { get; init; }

    /// <summary>Gets the KV cache of one token across all GPUs of a replica, in bytes.</summary>
    public required double KvBytesPerToken { get; init; }

    /// <summary>Gets the tokens the KV cache of one replica holds.</summary>
    public required long KvCacheTokens { get; init; }

    /// <summary>Gets the most sequences of the profile's p95 length that fit at once.</summary>
    public required int MaxBatch { get; init; }

    /// <summary>Gets whether the model fits with room for at least one sequence of the profile's p95 length.</summary>
    public bool Fits => KvCacheTokens > 0 && MaxBatch >= 1;
}
