using Compass.Core;
using Compass.Observability.Reporting;
using Compass.Observability.Validation;

namespace Compass.Postgres.Feedback;

/// <summary>Turns a plan's validation (a load test of one replica's endpoint) into the outcome the knowledge base stores.</summary>
public static class ValidationOutcome
{
    /// <summary>
    /// Builds the outcome of <paramref name="report"/>: the p95 latencies predicted by the plan next to those measured,
    /// and the per-replica load (<c>Replicas = 1</c>, since validation loads one replica's endpoint).
    /// </summary>
    /// <param name="plan">The plan that was validated.</param>
    /// <param name="report">The validation of its recommendation.</param>
    /// <param name="source">Where the measurement came from, such as the command or route that ran it.</param>
    /// <param name="reportJson">The validation report as JSON, kept with the outcome.</param>
    /// <param name="measuredAt">When the load test ran.</param>
    /// <returns>The outcome to pass to <see cref="OutcomeStore.AddAsync"/>.</returns>
    public static DeploymentOutcome From(Plan plan, ValidationReport report, string source, string reportJson, DateTimeOffset measuredAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Recommendation;
        var m = report.Benchmark.Metrics;
        double? Predicted(string metric) => report.Checks.FirstOrDefault(c => c.Metric == metric && c.Percentile == 95)?.PredictedMs;
        static double? Measured(DistributionSummary d, double scale = 1) => d.Count > 0 ? d.Percentiles.P95 * scale : null;
        return new DeploymentOutcome
        {
            Model = r.Model,
            Quantization = r.Quantization,
            Gpu = r.Gpu,
            TensorParallel = r.TensorParallel,
            Replicas = 1,
            MeasuredAt = measuredAt,
            LoadKind = "rate",
            RequestRate = report.RatePerReplica,
            PromptTokens = plan.Traffic.PromptTokens.Mean,
            OutputTokens = plan.Traffic.OutputTokens.Mean,
            PredictedTtftP95 = Predicted("TTFT"),
            MeasuredTtftP95 = Measured(m.TimeToFirstTokenMs.Successful),
            PredictedItlP95 = Predicted("ITL"),
            MeasuredItlP95 = Measured(m.InterTokenLatencyMs.Successful),
            PredictedE2eP95 = Predicted("E2E"),
            MeasuredE2eP95 = Measured(m.RequestLatency.Successful, 1000),
            MeasuredTtftMean = m.TimeToFirstTokenMs.Successful.Count > 0 ? m.TimeToFirstTokenMs.Successful.Mean : null,
            MeasuredItlMean = m.InterTokenLatencyMs.Successful.Count > 0 ? m.InterTokenLatencyMs.Successful.Mean : null,
            MeasuredRequestsPerSecond = report.AchievedRate,
            MeasuredOutputTokensPerSecond = m.OutputTokensPerSecond.Successful.Mean,
            SloMet = report.Passed,
            Source = source,
            ReportJson = reportJson,
        };
    }
}
