using Compass.Core;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests;

public sealed class CapacityPlannerTests
{
    [Fact]
    public void Plan_Chatbot5000Users_RecommendsConfigurationsThatMeetTheSlo()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 5000, latency: Priority.High));
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r =>
        {
            Assert.True(r.MeetsSlo);
            Assert.True(r.Predicted.Meets(plan.Slo));
            Assert.True(r.Memory.Fits);
            Assert.Equal(r.Replicas * r.TensorParallel, r.TotalGpus);
        });
        Assert.Equal(1, plan.Recommendations[0].Rank);
        Assert.Equal(plan.Recommendations.Select(r => r.Rank).Distinct().Order(), plan.Recommendations.Select(r => r.Rank));
        Assert.Contains(plan.Recommendations, r => r.OnParetoFrontier);
        Assert.All(plan.Recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
    }

    [Fact]
    public void Plan_Never70BOnOneL4()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500,
            overrides: new PlanOverrides { Gpus = [GpuType.L4], Models = [ModelId.Llama33Instruct70B] }));
        Assert.Empty(plan.Recommendations);
        Assert.Contains(plan.Excluded, e => e.Reason == "does not fit in GPU memory");
    }

    [Fact]
    public void Plan_GpuRestriction_IsHonoured()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 2000, overrides: new PlanOverrides { Gpus = [GpuType.A100Sxm80] }));
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r => Assert.Equal(GpuType.A100Sxm80, r.Gpu));
    }

    [Fact]
    public void Plan_Budget_ExcludesWhatCostsMore()
    {
        var open = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 5000));
        var budget = open.Recommendations.Min(r => r.MonthlyCostUsd) * 1.01;
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 5000, overrides: new PlanOverrides { MaxMonthlyCostUsd = budget }));
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r => Assert.True(r.MonthlyCostUsd <= budget));
        Assert.Contains(plan.Excluded, e => e.Reason == "over budget");
    }

    [Fact]
    public void Plan_ImpossibleBudget_SaysWhatToChange()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 5000, overrides: new PlanOverrides { MaxMonthlyCostUsd = 10 }));
        Assert.Empty(plan.Recommendations);
        Assert.Contains(plan.Notes, n => n.Contains("Raise the budget", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_Priorities_MoveTheTopPickAlongCostAndQuality()
    {
        var request = TestCatalog.Request(UseCase.ChatbotConversational, users: 5000);
        Plan With(Priority cost, Priority accuracy) => TestCatalog.Plan(request with
        {
            Specification = request.Specification with { Constraints = request.Specification.Constraints with { CostPriority = cost, AccuracyPriority = accuracy } },
        });

        var cheap = With(Priority.High, Priority.Low).Recommendations[0];
        var good = With(Priority.Low, Priority.High).Recommendations[0];
        Assert.True(cheap.MonthlyCostUsd <= good.MonthlyCostUsd);
        Assert.True(good.Quality!.Score >= cheap.Quality!.Score);
    }

    [Fact]
    public void Plan_IsDeterministic()
    {
        var request = TestCatalog.Request(UseCase.DocumentAnalysisRag, users: 800);
        var a = System.Text.Json.JsonSerializer.Serialize(TestCatalog.Plan(request), Core.Serialization.CompassJson.Options);
        var b = System.Text.Json.JsonSerializer.Serialize(TestCatalog.Plan(request), Core.Serialization.CompassJson.Options);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Plan_RoundTripsThroughJson()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.CodeCompletion, users: 300));
        var json = System.Text.Json.JsonSerializer.Serialize(plan, Core.Serialization.CompassJson.Options);
        var back = System.Text.Json.JsonSerializer.Deserialize<Plan>(json, Core.Serialization.CompassJson.Options)!;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, Core.Serialization.CompassJson.Options));
    }
}
