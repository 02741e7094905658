using Compass.Core;

namespace Compass.Planning.Performance;

/// <summary>
/// A performance model that can answer the replica search's question (the latencies it would predict, or that it would
/// predict none) without building the prediction and its description, which cost more than the estimate itself.
/// </summary>
internal interface ILatencyProbe
{
    /// <summary>Gets what <see cref="IPerformanceModel.Predict"/> would predict for a query, as numbers only.</summary>
    /// <param name="query">The query.</param>
    /// <param name="latency">The latencies; <see cref="ProbedLatency.Available"/> is false where Predict would give none.</param>
    /// <returns><see langword="false"/> when the caller must ask <see cref="IPerformanceModel.Predict"/> instead.</returns>
    bool TryProbe(PerformanceQuery query, out ProbedLatency latency);
}

/// <summary>The latencies a prediction would hold at its percentile, or none.</summary>
/// <param name="Available">Whether there is a prediction.</param>
/// <param name="TtftMs">TTFT.</param>
/// <param name="ItlMs">ITL.</param>
/// <param name="E2eMs">E2E.</param>
internal readonly record struct ProbedLatency(bool Available, double TtftMs, double ItlMs, double E2eMs)
{
    public static ProbedLatency None => default;

    public static ProbedLatency Of(PerformancePrediction? prediction)
        => prediction is null ? None : new(true, prediction.TtftMs, prediction.ItlMs, prediction.E2eMs);
}
