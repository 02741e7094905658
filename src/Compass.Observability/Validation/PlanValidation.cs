using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;

namespace Compass.Observability.Validation;

/// <summary>
/// Checks a plan against reality: loads one replica's endpoint at the plan's per-replica peak rate with the plan's
/// traffic profile and arrival pattern, and compares measured TTFT, ITL and E2E at the plan's SLO percentile with the
/// targets (pass/fail) and with the predictions (error in percent, the feedback that recalibrates the engine).
/// </summary>
public static class PlanValidation
{
    /// <summary>The default largest error rate that still passes (1%).</summary>
    public const double DefaultMaxErrorRate = 0.01;

    /// <summary>Reads a plan from JSON (the output of <c>compass plan --json</c>), as <see cref="PlanFile.Parse"/> does.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="FormatException">The text is not a Compass plan; the message says why in one line.</exception>
    public static Plan ReadPlan(string json) => PlanFile.Parse(json);

    /// <summary>Gets the recommendation of a rank.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="rank">The rank, from 1.</param>
    /// <returns>The recommendation.</returns>
    /// <exception cref="ArgumentException">The plan has no recommendation of that rank.</exception>
    public static Recommendation Recommendation(Plan plan, int rank)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Recommendations.IsDefaultOrEmpty)
        {
            throw new ArgumentException("The plan has no recommendations to validate.", nameof(plan));
        }

        return plan.Recommendations.FirstOrDefault(r => r.Rank == rank)
            ?? throw new ArgumentException($"The plan has no recommendation ranked {rank}; its ranks are {string.Join(", ", plan.Recommendations.Select(r => r.Rank))}.", nameof(rank));
    }

    /// <summary>Builds the load test for a recommendation: the plan's per-replica peak rate, arrival pattern and token distributions.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation (of the plan).</param>
    /// <param name="endpoint">One replica's base URL.</param>
    /// <param name="model">The served model name; the recommendation's checkpoint when null.</param>
    /// <param name="durationSeconds">How long to load it, in seconds.</param>
    /// <param name="maxRequests">At most this many requests, when given.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static LoadTestOptions LoadTest(Plan plan, Recommendation recommendation, Uri endpoint, string? model = null, double durationSeconds = 60, int? maxRequests = null, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        return new LoadTestOptions
        {
            Endpoint = endpoint,
            Model = model ?? recommendation.Checkpoint.ToString(),
            Profile = LoadProfile.AtRate(RatePerReplica(plan, recommendation), plan.Traffic.Arrival),
            PromptTokens = plan.Traffic.PromptTokens,
            OutputTokens = plan.Traffic.OutputTokens,
            DurationSeconds = durationSeconds,
            MaxRequests = maxRequests,
            Seed = seed,
        };
    }

    /// <summary>Gets the rate one replica must hold at peak: peak QPS ÷ replicas.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>Requests per second.</returns>
    public static double RatePerReplica(Plan plan, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        return plan.Traffic.PeakQps / recommendation.Replicas;
    }

    /// <summary>Compares a benchmark with a recommendation's predictions and the plan's SLOs.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="benchmark">The measured benchmark.</param>
    /// <param name="maxErrorRate">The largest fraction of failed requests that passes.</param>
    /// <returns>The report.</returns>
    public static ValidationReport Evaluate(Plan plan, Recommendation recommendation, BenchmarkResult benchmark, double maxErrorRate = DefaultMaxErrorRate)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentNullException.ThrowIfNull(benchmark);
        var m = benchmark.Metrics;
        var p = plan.Slo.Percentile;
        var any = m.RequestTotals.Successful > 0;
        double? At(DistributionSummary d, double scale = 1) => any && d.Count > 0 ? d.AtPercentile(p) * scale : null;
        var predicted = recommendation.Predicted;
        return new ValidationReport
        {
            Recommendation = recommendation,
            RatePerReplica = RatePerReplica(plan, recommendation),
            Checks =
            [
                new SloCheck("TTFT", p, plan.Slo.TtftMs, predicted.TtftMs, At(m.TimeToFirstTokenMs.Successful)),
                new SloCheck("ITL", p, plan.Slo.ItlMs, predicted.ItlMs, At(m.InterTokenLatencyMs.Successful)),
                new SloCheck("E2E", p, plan.Slo.E2eMs, predicted.E2eMs, At(m.RequestLatency.Successful, 1000)),
            ],
            ErrorRate = m.RequestTotals.Total == 0 ? 1 : (double)(m.RequestTotals.Errored + m.RequestTotals.Incomplete) / m.RequestTotals.Total,
            MaxErrorRate = maxErrorRate,
            Benchmark = benchmark,
        };
    }

    /// <summary>Loads the endpoint as <see cref="LoadTest"/> describes and evaluates the result.</summary>
    /// <param name="tester">The load tester.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="options">The load test (usually from <see cref="LoadTest"/>).</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="maxErrorRate">The largest fraction of failed requests that passes.</param>
    /// <param name="cancellationToken">Stops the test.</param>
    /// <returns>The report.</returns>
    /// <exception cref="LoadTestException">The endpoint is unreachable or not OpenAI-compatible.</exception>
    public static async Task<ValidationReport> ValidateAsync(
        LoadTester tester, Plan plan, Recommendation recommendation, LoadTestOptions options, IProgress<LoadProgress>? progress = null,
        double maxErrorRate = DefaultMaxErrorRate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tester);
        var report = await tester.RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
        return Evaluate(plan, recommendation, report.Benchmarks[^1], maxErrorRate);
    }
}
