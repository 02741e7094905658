namespace Compass.Planning.Calibration;

/// <summary>What given coefficients predict for a measured outcome's configuration and load. Latencies in ms.</summary>
/// <param name="RequestRate">The request rate over all replicas, in requests/s (for a closed loop, the rate its users settle at).</param>
/// <param name="TtftP95Ms">95th-percentile time to first token.</param>
/// <param name="ItlP95Ms">95th percentile of the per-request inter-token latency.</param>
/// <param name="E2eP95Ms">95th-percentile end-to-end latency.</param>
/// <param name="TtftMeanMs">Mean time to first token.</param>
/// <param name="ItlMeanMs">Mean inter-token latency.</param>
/// <param name="OutputTokensPerSecond">Output tokens per second over all replicas.</param>
public sealed record OutcomePrediction(double RequestRate, double TtftP95Ms, double ItlP95Ms, double E2eP95Ms, double TtftMeanMs, double ItlMeanMs, double OutputTokensPerSecond);
