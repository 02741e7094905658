namespace Compass.Core;

/// <summary>One SLO target a configuration misses: the metric, what was predicted (or simulated) and the target.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="PredictedMs">The predicted value at the SLO percentile, in milliseconds.</param>
/// <param name="TargetMs">The target, in milliseconds.</param>
public sealed record SloMiss(SloMetric Metric, double PredictedMs, double TargetMs);
