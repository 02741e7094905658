using Compass.Core;

namespace Compass.Planning.Calibration;

/// <summary>
/// What a real deployment measured under one load (e.g. one <c>compass validate</c> run), in the terms the outcome
/// calibration predicts: the configuration, the load and the measured latencies and throughput. Latencies in
/// milliseconds; any measurement may be missing, but at least one must be present for the outcome to be used.
/// </summary>
/// <remarks>
/// <see cref="RequestRate"/>, <see cref="Concurrency"/> and <see cref="OutputTokensPerSecond"/> are totals over the
/// <see cref="Replicas"/> that served the load; the calibration divides them evenly between the replicas.
/// </remarks>
public sealed record MeasuredOutcome
{
    /// <summary>Gets the outcome's id (e.g. its database id), for reports.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the group the outcome belongs to (normally its deployment): held-back outcomes are chosen by group, so that one deployment's loads are not on both sides.</summary>
    public required string Group { get; init; }

    /// <summary>Gets the model.</summary>
    public required ModelId Model { get; init; }

    /// <summary>Gets the weight format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the GPU class.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree of each replica.</summary>
    public required int TensorParallel { get; init => field = Guard.Positive(value, nameof(TensorParallel)); }

    /// <summary>Gets how many replicas served the measured load (1 for <c>compass validate</c>, which loads one replica).</summary>
    public int Replicas { get; init => field = Guard.Positive(value, nameof(Replicas)); } = 1;

    /// <summary>Gets the offered request rate over all replicas, in requests/s (an open-loop load); null for a closed loop.</summary>
    public double? RequestRate { get; init => field = Guard.PositiveFinite(value, nameof(RequestRate)); }

    /// <summary>Gets the number of concurrent users over all replicas (a closed loop without think time); used when <see cref="RequestRate"/> is null.</summary>
    public int? Concurrency { get; init => field = Guard.Positive(value, nameof(Concurrency)); }

    /// <summary>Gets the mean prompt length, in tokens.</summary>
    public required double PromptTokens { get; init => field = Guard.PositiveFinite(value, nameof(PromptTokens)); }

    /// <summary>Gets the mean output length, in tokens.</summary>
    public required double OutputTokens { get; init => field = Guard.PositiveFinite(value, nameof(OutputTokens)); }

    /// <summary>Gets the measured 95th-percentile time to first token, in ms.</summary>
    public double? TtftP95Ms { get; init => field = Guard.PositiveFinite(value, nameof(TtftP95Ms)); }

    /// <summary>Gets the measured 95th percentile of the per-request inter-token latency, in ms.</summary>
    public double? ItlP95Ms { get; init => field = Guard.PositiveFinite(value, nameof(ItlP95Ms)); }

    /// <summary>Gets the measured 95th-percentile end-to-end latency, in ms.</summary>
    public double? E2eP95Ms { get; init => field = Guard.PositiveFinite(value, nameof(E2eP95Ms)); }

    /// <summary>Gets the measured mean time to first token, in ms.</summary>
    public double? TtftMeanMs { get; init => field = Guard.PositiveFinite(value, nameof(TtftMeanMs)); }

    /// <summary>Gets the measured mean inter-token latency, in ms.</summary>
    public double? ItlMeanMs { get; init => field = Guard.PositiveFinite(value, nameof(ItlMeanMs)); }

    /// <summary>Gets the measured output tokens per second over all replicas (compared only for closed loops, where it depends on the engine's speed).</summary>
    public double? OutputTokensPerSecond { get; init => field = Guard.PositiveFinite(value, nameof(OutputTokensPerSecond)); }

    /// <summary>Gets whether at least one metric the calibration compares was measured.</summary>
    public bool HasMeasurements => TtftP95Ms is not null || ItlP95Ms is not null || E2eP95Ms is not null || TtftMeanMs is not null || ItlMeanMs is not null
        || (RequestRate is null && OutputTokensPerSecond is not null);
}
