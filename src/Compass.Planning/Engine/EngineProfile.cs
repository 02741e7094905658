using Compass.Planning.Memory;

namespace Compass.Planning.Engine;

/// <summary>
/// Everything the continuous-batching simulation needs to know about one replica: how long a step takes, how many
/// tokens of KV cache it has, its scheduler limits, and the per-request costs outside the engine loop.
/// </summary>
public sealed record EngineProfile
{
    /// <summary>Gets the step-time model.</summary>
    public required IStepTimeModel StepTime { get; init; }

    /// <summary>Gets the KV-cache capacity in tokens (a whole number of blocks).</summary>
    public required long KvCacheTokens { get; init => field = Guard.NonNegative(value, nameof(KvCacheTokens)); }

    /// <summary>Gets the scheduler limits (max-num-seqs, max-num-batched-tokens, block size).</summary>
    public ServingLimits Limits { get; init; } = new();

    /// <summary>Gets the time from a request's arrival to its entering the wait queue (HTTP, tokenization), in ms.</summary>
    public double RequestOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestOverheadMs)); }

    /// <summary>
    /// Gets the serial part of admitting a request (the API server's tokenization and bookkeeping, on the same thread
    /// that streams tokens), in milliseconds: a burst of requests enters the wait queue at least this far apart. 0
    /// admits every request after <see cref="RequestOverheadMs"/> regardless of the others.
    /// </summary>
    public double RequestServiceMs { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestServiceMs)); }

    /// <summary>
    /// Gets the API server's time per streamed token (detokenization, serialization, the write), in ms. Tokens are
    /// streamed one at a time on the thread that also admits requests, so with many streams they queue.
    /// </summary>
    public double OutputTokenOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokenOverheadMs)); }

    /// <summary>Gets the KV-cache capacity in blocks.</summary>
    public long KvCacheBlocks => KvCacheTokens / Limits.BlockSize;

    /// <summary>Gets a short description of where the profile's numbers come from.</summary>
    public string Basis { get; init; } = string.Empty;
}
