namespace Compass.Observability.Validation;

/// <summary>One SLO measured against its target and the plan's prediction, at the plan's percentile. Times in ms.</summary>
/// <param name="Metric">The metric: <c>TTFT</c>, <c>ITL</c> or <c>E2E</c>.</param>
/// <param name="Percentile">The percentile the target applies at, e.g. 95.</param>
/// <param name="TargetMs">The SLO target.</param>
/// <param name="PredictedMs">What the plan predicted.</param>
/// <param name="MeasuredMs">What the load test measured (null when no request succeeded).</param>
public sealed record SloCheck(string Metric, double Percentile, double TargetMs, double PredictedMs, double? MeasuredMs)
{
    /// <summary>Gets whether the measurement meets the target.</summary>
    public bool Passed => MeasuredMs is { } m && m <= TargetMs;

    /// <summary>Gets the prediction error in percent: (measured − predicted) ÷ predicted × 100; positive when the plan was optimistic.</summary>
    public double? PredictionErrorPercent => MeasuredMs is { } m && PredictedMs > 0 ? (m - PredictedMs) / PredictedMs * 100 : null;
}
