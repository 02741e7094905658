namespace Compass.Core;

/// <summary>A question for a performance model: how does this configuration serve this traffic at this rate?</summary>
public sealed record PerformanceQuery
{
    /// <summary>Gets the model.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>Gets the weight format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the GPU.</summary>
    public required GpuSpec Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree.</summary>
    public required int TensorParallel { get; init => field = Guard.Positive(value, nameof(TensorParallel)); }

    /// <summary>Gets the prompt lengths.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output lengths.</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>Gets the request rate one replica serves, in requests per second.</summary>
    public required double RequestRate { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestRate)); }

    /// <summary>Gets the percentile to predict at (e.g. 95).</summary>
    public double Percentile { get; init; } = 95;

    /// <summary>Gets the arrival process.</summary>
    public ArrivalPattern Arrival { get; init; } = ArrivalPattern.Poisson;

    /// <summary>Gets the KV-cache format: 16-bit (vLLM's default) or FP8.</summary>
    public KvCacheFormat KvCacheDtype { get; init; }

    /// <summary>
    /// Gets whether the prediction should include <see cref="PerformancePrediction.MaxRequestRate"/> (the default). A
    /// model may have to search for it (the physics model makes about 25 estimates per configuration and traffic), so a
    /// caller that only compares latencies at given rates, such as a search for the fewest replicas, can leave it out.
    /// </summary>
    public bool IncludeMaxRequestRate { get; init; } = true;
}

/// <summary>A performance model's answer: a prediction, or why it cannot give one.</summary>
public sealed record PerformanceEstimate
{
    private PerformanceEstimate(PerformancePrediction? prediction, RejectionReason? reason)
    {
        Prediction = prediction;
        Reason = reason;
    }

    /// <summary>Gets the prediction, or <see langword="null"/> when none could be made.</summary>
    public PerformancePrediction? Prediction { get; }

    /// <summary>Gets why no prediction could be made, as data.</summary>
    public RejectionReason? Reason { get; }

    /// <summary>Gets why no prediction could be made, as text (e.g. "no benchmark of this configuration").</summary>
    public string? UnavailableReason => Reason?.Describe();

    /// <summary>Wraps a prediction.</summary>
    /// <param name="prediction">The prediction.</param>
    /// <returns>The estimate.</returns>
    public static PerformanceEstimate Available(PerformancePrediction prediction)
        => new(prediction ?? throw new ArgumentNullException(nameof(prediction)), null);

    /// <summary>Says why no prediction can be made.</summary>
    /// <param name="reason">The reason, for the user (planning reports it as <see cref="RejectionKind.Other"/>).</param>
    /// <returns>The estimate.</returns>
    public static PerformanceEstimate Unavailable(string reason) => new(null, RejectionReason.Other(reason));

    /// <summary>Says why no prediction can be made, as data.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The estimate.</returns>
    public static PerformanceEstimate Unavailable(RejectionReason reason) => new(null, reason ?? throw new ArgumentNullException(nameof(reason)));
}

/// <summary>
/// Predicts the latency of one replica of a configuration under a load. Implementations read benchmarks, interpolate
/// between them or estimate from first principles, and label each prediction with its <see cref="PredictionSource"/>.
/// </summary>
/// <remarks>
/// Implementations must be pure and thread-safe. Predicted latency must not decrease as <see cref="PerformanceQuery.RequestRate"/>
/// grows; capacity planning relies on it.
/// </remarks>
public interface IPerformanceModel
{
    /// <summary>Predicts performance.</summary>
    /// <param name="query">The configuration and load.</param>
    /// <returns>A prediction, or the reason there is none.</returns>
    PerformanceEstimate Predict(PerformanceQuery query);
}
