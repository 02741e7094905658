using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;
using Compass.Observability.Tests.FakeOpenAi;
using Compass.Observability.Tests.Reporting;
using Compass.Observability.Validation;
using Compass.Planning.Service;

namespace Compass.Observability.Tests.Validation;

public sealed class PlanValidationTests
{
    private static async Task<Plan> RealPlan()
    {
        await using var services = new ServiceCollection().AddCompassPlanning().BuildServiceProvider();
        return (await services.GetRequiredService<PlanningService>().PlanAsync("chatbot for 500 users")).Plan;
    }

    private static BenchmarkResult Benchmark(params RequestRecord[] records) => new()
    {
        Index = 0,
        Strategy = LoadProfile.Poisson(1),
        StartTime = DateTimeOffset.UnixEpoch,
        Requests = [.. records],
        Metrics = BenchmarkMetrics.Compute(records, 10),
    };

    [Fact]
    public async Task ReadPlan_ToleratesTheCliExtraction_AndRoundTrips()
    {
        var plan = await RealPlan();
        var json = JsonSerializer.SerializeToNode(plan, CompassJson.Options)!.AsObject();
        json["extraction"] = new JsonObject { ["extractor"] = "deterministic" };
        var read = PlanValidation.ReadPlan(json.ToJsonString());
        Assert.Equal(plan.Recommendations.Length, read.Recommendations.Length);
        Assert.Equal(plan.Traffic.PeakQps, read.Traffic.PeakQps);
        Assert.Throws<FormatException>(() => PlanValidation.ReadPlan("[1, 2]"));
        Assert.Throws<FormatException>(() => PlanValidation.ReadPlan("""{"schemaVersion": "1", "recommendations": 3}"""));
    }

    [Fact]
    public async Task LoadTest_IsThePerReplicaPeakWithThePlansTraffic()
    {
        var plan = await RealPlan();
        var rec = plan.Recommendations[0] with { Replicas = 4 };
        var options = PlanValidation.LoadTest(plan, rec, new Uri("http://replica:8000"), durationSeconds: 30);

        Assert.Equal(LoadProfileKind.Rate, options.Profile.Kind);
        Assert.Equal(plan.Traffic.PeakQps / 4, options.Profile.Rate!.Value, 9);
        Assert.Equal(plan.Traffic.Arrival, options.Profile.Arrival);
        Assert.Equal(plan.Traffic.PromptTokens, options.PromptTokens);
        Assert.Equal(plan.Traffic.OutputTokens, options.OutputTokens);
        Assert.Equal(rec.Checkpoint.ToString(), options.Model);
        Assert.Equal(30, options.DurationSeconds);
        Assert.Equal("override", PlanValidation.LoadTest(plan, rec, new Uri("http://r"), "override").Model);
    }

    [Fact]
    public async Task Recommendation_UnknownRank_SaysWhichExist()
    {
        var plan = await RealPlan();
        var ex = Assert.Throws<ArgumentException>(() => PlanValidation.Recommendation(plan, 99));
        Assert.Contains("no recommendation ranked 99", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, PlanValidation.Recommendation(plan, 2).Rank);
    }

    [Fact]
    public async Task Evaluate_PassFailAndPredictionError()
    {
        var plan = await RealPlan();
        plan = plan with { Slo = SloTargets.Create(ttftMs: 150, itlMs: 20, e2eMs: 5000) };
        var rec = plan.Recommendations[0] with { Predicted = plan.Recommendations[0].Predicted with { TtftMs = 100, ItlMs = 10, E2eMs = 1000 } };
        var fast = Enumerable.Range(0, 20).Select(i => MetricsTests.Ok(i, i * 0.1, 120, 10, 50)).ToArray();

        var pass = PlanValidation.Evaluate(plan, rec, Benchmark(fast));
        Assert.True(pass.Passed);
        var ttft = pass.Checks.Single(c => c.Metric == "TTFT");
        Assert.Equal(120, ttft.MeasuredMs!.Value, 6);
        Assert.Equal(20, ttft.PredictionErrorPercent!.Value, 6);
        Assert.Equal(0, pass.Checks.Single(c => c.Metric == "ITL").PredictionErrorPercent!.Value, 6);
        Assert.Equal(120 + (49 * 10), pass.Checks.Single(c => c.Metric == "E2E").MeasuredMs!.Value, 6);
        Assert.Equal(plan.Traffic.PeakQps / rec.Replicas, pass.RatePerReplica, 9);

        var slowTail = fast.Select((r, i) => i == 19 ? MetricsTests.Ok(19, 1.9, 2000, 10, 50) : r).ToArray();
        var fail = PlanValidation.Evaluate(plan, rec, Benchmark(slowTail));
        Assert.False(fail.Passed);
        Assert.False(fail.Checks.Single(c => c.Metric == "TTFT").Passed);
        Assert.True(fail.Checks.Single(c => c.Metric == "ITL").Passed);

        var errors = fast.Take(18).Append(fast[18] with { Outcome = RequestOutcome.Errored, ErrorKind = "http_500" }).ToArray();
        var budget = PlanValidation.Evaluate(plan, rec, Benchmark(errors));
        Assert.Equal(1.0 / 19, budget.ErrorRate, 9);
        Assert.False(budget.Passed);
        Assert.True(PlanValidation.Evaluate(plan, rec, Benchmark(errors), maxErrorRate: 0.1).Passed);

        var none = PlanValidation.Evaluate(plan, rec, Benchmark());
        Assert.False(none.Passed);
        Assert.All(none.Checks, c => Assert.Null(c.MeasuredMs));
    }

    [Fact]
    public async Task ValidateAsync_AgainstAScriptedServer()
    {
        var plan = await RealPlan();
        plan = plan with
        {
            Slo = SloTargets.Create(ttftMs: 100, itlMs: 500, e2eMs: 5000),
            Traffic = plan.Traffic with { PeakQps = 10, MeanQps = 5, PromptTokens = TokenDistribution.Fixed(8), OutputTokens = TokenDistribution.Fixed(3) },
        };
        var rec = plan.Recommendations[0] with { Replicas = 1 };
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(250) });
        using var http = new HttpClient();
        var options = PlanValidation.LoadTest(plan, rec, server.BaseUri, "fake", durationSeconds: 30, maxRequests: 5);

        var report = await PlanValidation.ValidateAsync(new LoadTester(http), plan, rec, options);

        Assert.False(report.Passed);
        Assert.False(report.Checks.Single(c => c.Metric == "TTFT").Passed);
        Assert.True(report.Checks.Single(c => c.Metric == "E2E").Passed);
        Assert.Equal(5, report.Benchmark.Metrics.RequestTotals.Successful);
    }
}
