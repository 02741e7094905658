using System.Reflection;
using System.Text.RegularExpressions;
using Compass.Kserve.Manifests;
using Compass.Simulator;

namespace Compass.Kserve.Tests.Manifests;

/// <summary>
/// The latency alerts count observations above a histogram bucket bound (<see cref="SloBound"/>): which bound, the
/// PromQL that counts them, and what the alerts and the runbook say about it.
/// </summary>
public sealed class LatencyAlertTests
{
    private static readonly double[] Itl = [.. VllmMetrics.InterTokenLatencyBuckets];

    [Fact]
    public void Choose_TargetOnABound_CountsAboveTheTargetItself()
    {
        var bound = SloBound.Choose(0.025, Itl, 0.010);

        Assert.Equal(BoundChoice.AtTarget, bound.Choice);
        Assert.Equal(0.025, bound.Bound);
        Assert.Contains("counted exactly", bound.Note("token gaps"), StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NearerBoundAbove_IsUsed_AndTheNoteSaysWhatGoesUncounted()
    {
        // 23.75 ms: 25 ms is 5% above, 10 ms is 58% below.
        var bound = SloBound.Choose(0.02375, Itl, 0.005);

        Assert.Equal((BoundChoice.Above, 0.025, 0.01, 0.025), (bound.Choice, bound.Bound, bound.BelowTarget!.Value, bound.AboveTarget!.Value));
        Assert.Equal(
            "vLLM's histogram has no bucket bound at the 23.75 ms target; the nearest is 25 ms (5% above it), so token gaps between 23.75 ms and 25 ms are not counted: the SLO can be missed by that margin without this alert.",
            bound.Note("token gaps"));
    }

    [Fact]
    public void Choose_NearerBoundBelow_IsUsed_WhenThePlanPeakIsWellUnderIt()
    {
        // 6.28 s between 5 s (20% below) and 10 s (59% above); the plan predicts 3.72 s at peak, under 80% of 5 s.
        var bound = SloBound.Choose(6.28, [.. VllmMetrics.RequestLatencyBuckets], 3.72);

        Assert.Equal((BoundChoice.Below, 5.0), (bound.Choice, bound.Bound));
        Assert.Equal(
            "vLLM's histogram has no bucket bound at the 6.28 s target; the nearest is 5 s (20% below it), so requests between 5 s and 6.28 s count as slow: this alert can fire while the SLO is still met.",
            bound.Note("requests"));
    }

    [Fact]
    public void Choose_NearerBoundBelow_IsNotUsed_WhenThePlanPredictsThePeakCloseToIt()
    {
        // 6.28 s again, but a plan that predicts 4.5 s at peak: more than 80% of 5 s, so counting above 5 s would alert at
        // the planned load; 10 s is used, and the note says why.
        var bound = SloBound.Choose(6.28, [.. VllmMetrics.RequestLatencyBuckets], 4.5);

        Assert.Equal((BoundChoice.AboveForPeak, 10.0), (bound.Choice, bound.Bound));
        Assert.Contains("the bound below it, 5 s, is too close to the 4.5 s the plan predicts at peak", bound.Note("requests"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.004, "Above", 0.01)] // under the first bound: the only one
    [InlineData(100.0, "Below", 80.0)] // over the last finite bound: the only one
    [InlineData(0.0175, "Above", 0.025)] // 1.43× under 25 ms, 1.75× over 10 ms: above
    [InlineData(0.015, "Below", 0.01)] // 1.5× over 10 ms, 1.67× under 25 ms: below (peak at 7.5 ms)
    public void Choose_TheNearerBoundOnALogScale_OrTheOnlyOne(double target, string choice, double expected)
    {
        var bound = SloBound.Choose(target, Itl, target / 2);

        Assert.Equal((choice, expected), (bound.Choice.ToString(), bound.Bound));
    }

    [Fact]
    public void Choose_BoundBelowThePeak_WithNoneAbove_SaysTheAlertWillFireAtPeak()
    {
        var bound = SloBound.Choose(100, Itl, 70);

        Assert.Equal(80.0, bound.Bound);
        Assert.Contains("so expect it at the planned load", bound.Note("token gaps"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.025, "0.025", true)]
    [InlineData(0.025, "0.0250", true)]
    [InlineData(0.025, "0.0251", false)]
    [InlineData(0.025, "0.25", false)]
    [InlineData(5.0, "5", true)]
    [InlineData(5.0, "5.0", true)]
    [InlineData(5.0, "5.", true)]
    [InlineData(5.0, "50", false)]
    [InlineData(5.0, "5.5", false)]
    [InlineData(0.1, "0.1", true)]
    [InlineData(0.1, "0x1", false)]
    public void LePattern_MatchesTheBoundHoweverItIsWritten(double bound, string le, bool matches)
    {
        // Prometheus anchors label regular expressions at both ends.
        Assert.Equal(matches, Regex.IsMatch(le, $"^(?:{PromQl.LePattern(bound)})$", RegexOptions.None, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ChatbotPlan_CountsTheLatenciesAboveTheBoundsNearestItsTargets_NotBelowItsPredictedPeak()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = "llm" });
        var alerts = set.Monitoring!.Alerts.ToDictionary(a => a.Name);

        // TTFT 200 ms → 250 ms; ITL 23.75 ms → 25 ms (10 ms is under the 10.2 ms predicted at peak); E2E 6.28 s → 5 s.
        Assert.Contains("vllm:time_to_first_token_seconds_bucket{namespace=\"llm\",service=\"llama-3-1-8b-instruct-predictor\",le=~\"0[.]250*\"}", alerts["VllmTtftSloCritical"].Expression, StringComparison.Ordinal);
        Assert.Contains("le=~\"0[.]0250*\"", alerts["VllmItlSloCritical"].Expression, StringComparison.Ordinal);
        Assert.Contains("le=~\"5([.]0*)?\"", alerts["VllmE2eSloCritical"].Expression, StringComparison.Ordinal);
        Assert.Equal(
            "1 - (sum(rate(vllm:inter_token_latency_seconds_bucket{namespace=\"llm\",service=\"llama-3-1-8b-instruct-predictor\",le=~\"0[.]0250*\"}[5m]) or rate(vllm:time_per_output_token_seconds_bucket{namespace=\"llm\",service=\"llama-3-1-8b-instruct-predictor\",le=~\"0[.]0250*\"}[5m]))"
            + " / sum(rate(vllm:inter_token_latency_seconds_count{namespace=\"llm\",service=\"llama-3-1-8b-instruct-predictor\"}[5m]) or rate(vllm:time_per_output_token_seconds_count{namespace=\"llm\",service=\"llama-3-1-8b-instruct-predictor\"}[5m]))) > 0.05",
            alerts["VllmItlSloCritical"].Expression);
        Assert.Equal((0.05, 0.04), (alerts["VllmItlSloCritical"].Threshold, alerts["VllmItlSloWarning"].Threshold));
    }

    [Fact]
    public void Annotations_NameTheBound_AndCarryTheShareTheInterpolatedP95AndTheRunbook()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = "llm" });
        var rules = set.Monitoring!.RulesFile;

        Assert.Contains("summary: \"llama-3-1-8b-instruct: share of token gaps (inter-token latency) over 25 ms is {{ $value | humanizePercentage }}, above the 5% the p95 SLO of 23.75 ms allows\"", rules, StringComparison.Ordinal);
        Assert.Contains("summary: \"llama-3-1-8b-instruct: share of token gaps (inter-token latency) over 25 ms is {{ $value | humanizePercentage }}, above 4% (80% of the 5% the p95 SLO of 23.75 ms allows)\"", rules, StringComparison.Ordinal);
        Assert.Contains("{{ with query `histogram_quantile(0.95, sum by (le) (rate(vllm:inter_token_latency_seconds_bucket", rules, StringComparison.Ordinal);
        Assert.Contains("(interpolated p95: {{ . | first | value | humanizeDuration }}){{ end }}", rules, StringComparison.Ordinal);
        Assert.Contains("the nearest is 25 ms (5% above it)", rules, StringComparison.Ordinal);
        Assert.Contains("runbook_url: \"runbook.md#vllmitlslocritical\"", rules, StringComparison.Ordinal);

        var runbook = set.Monitoring.Runbook;
        Assert.Contains("**How it is measured.** vLLM's histogram of inter-token latency has bucket bounds at 10 ms and 25 ms around the 23.75 ms target.", runbook, StringComparison.Ordinal);
        Assert.Contains("| Latency alerts count | time to first token: requests over 250 ms; inter-token latency: token gaps over 25 ms; end-to-end latency: requests over 5 s", runbook, StringComparison.Ordinal);
    }

    [Fact]
    public void BucketBounds_AreTheSimulatorsAndVllms()
    {
        // The simulator exposes vLLM's buckets; the alerts count above bounds from Compass.Kserve's copy of them.
        var buckets = typeof(CompassSimulatorOptions).Assembly.GetType("Compass.Simulator.Metrics.VllmBuckets", throwOnError: true)!;
        double[] Field(string name) => (double[])buckets.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Equal(Field("TimeToFirstToken"), VllmMetrics.TimeToFirstTokenBuckets);
        Assert.Equal(Field("InterTokenLatency"), VllmMetrics.InterTokenLatencyBuckets);
        Assert.Equal(Field("RequestLatency"), VllmMetrics.RequestLatencyBuckets);
    }
}
