using System.Text.Json.Serialization;

namespace Compass.Planning.Simulation;

/// <summary>
/// Per-request latency targets for goodput: a request counts as good when it completed and meets every target given
/// here (its TTFT, its mean inter-token latency and its E2E). Leave a target <see langword="null"/> to ignore it.
/// </summary>
public sealed record GoodputTargets
{
    /// <summary>Gets the time-to-first-token target in ms.</summary>
    public double? TtftMs { get; init => field = Guard.PositiveFinite(value, nameof(TtftMs)); }

    /// <summary>Gets the target for a request's mean inter-token latency in ms.</summary>
    public double? ItlMs { get; init => field = Guard.PositiveFinite(value, nameof(ItlMs)); }

    /// <summary>Gets the end-to-end latency target in ms.</summary>
    public double? E2eMs { get; init => field = Guard.PositiveFinite(value, nameof(E2eMs)); }

    /// <summary>Gets whether no target is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => TtftMs is null && ItlMs is null && E2eMs is null;

    /// <summary>Gets whether a completed request with these latencies meets every target.</summary>
    /// <param name="ttftMs">Its TTFT.</param>
    /// <param name="meanItlMs">Its mean ITL (ignored for a one-token output).</param>
    /// <param name="e2eMs">Its E2E.</param>
    /// <param name="outputTokens">Its output length.</param>
    /// <returns><see langword="true"/> when it meets them.</returns>
    public bool IsMet(double ttftMs, double meanItlMs, double e2eMs, int outputTokens)
        => (TtftMs is not { } t || ttftMs <= t)
            && (ItlMs is not { } i || outputTokens < 2 || meanItlMs <= i)
            && (E2eMs is not { } e || e2eMs <= e);
}
