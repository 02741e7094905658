using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Comparison;
using Compass.Planning.Service;
using Compass.Planning.Specification;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Tests.Comparison;

public sealed class PlanComparerTests
{
    private static readonly PlanningService Planning = new(
        new EmbeddedKnowledgeBase(), Options.Create(new CompassPlanningOptions { VerifyBySimulation = false }));

    private static async Task<Plan> PlanFor(string description, PlanOverrides? overrides = null)
        => (await Planning.PlanAsync(description, overrides)).Plan;

    [Fact]
    public async Task Compare_DifferentLoads_ReportsTrafficAndTopRecommendationDifferences()
    {
        var small = await PlanFor("customer service chatbot for 500 users");
        var large = await PlanFor("customer service chatbot for 50000 users");

        var comparison = PlanComparer.Compare([new NamedPlan("small", small), new NamedPlan("large", large)]);

        Assert.Equal(["small", "large"], comparison.Scenarios.ToArray());
        var users = Assert.Single(comparison.Differences, d => d.Field == "traffic.users");
        Assert.Equal("500", users.Values[0]);
        Assert.Equal("50000", users.Values[1]);
        Assert.Contains(comparison.Differences, d => d.Field == "traffic.peakQps");
        Assert.Contains("useCase", comparison.Same);
        Assert.Equal(PlanComparer.FieldNames.Length, comparison.Differences.Length + comparison.Same.Length);
    }

    [Fact]
    public async Task Compare_SamePlanTwice_HasNoDifferences()
    {
        var plan = await PlanFor("code completion for 200 developers");

        var comparison = PlanComparer.Compare([new NamedPlan("A", plan), new NamedPlan("B", plan)]);

        Assert.Empty(comparison.Differences);
        Assert.Equal(PlanComparer.FieldNames.ToArray(), comparison.Same.ToArray());
    }

    [Fact]
    public async Task Compare_DifferentGpus_ReportsTopGpuAndCost()
    {
        var h100 = await PlanFor("chatbot for 2000 users", new PlanOverrides { Gpus = [new GpuType("H100")] });
        var l40s = await PlanFor("chatbot for 2000 users", new PlanOverrides { Gpus = [new GpuType("L40S")] });

        var comparison = PlanComparer.Compare([new NamedPlan("h100", h100), new NamedPlan("l40s", l40s)]);

        var gpu = Assert.Single(comparison.Differences, d => d.Field == "top.gpu");
        Assert.Equal(h100.Recommendations[0].Gpu.Value, gpu.Values[0]);
        Assert.Equal(l40s.Recommendations[0].Gpu.Value, gpu.Values[1]);
    }

    [Fact]
    public async Task Compare_WrongCountOrRepeatedNames_Throws()
    {
        var plan = await PlanFor("chatbot for 100 users");

        Assert.Throws<ArgumentException>(() => PlanComparer.Compare([new NamedPlan("A", plan)]));
        Assert.Throws<ArgumentException>(() => PlanComparer.Compare([.. Enumerable.Range(0, 5).Select(i => new NamedPlan($"S{i}", plan))]));
        Assert.Throws<ArgumentException>(() => PlanComparer.Compare([new NamedPlan("A", plan), new NamedPlan("a", plan)]));
        Assert.Throws<ArgumentException>(() => PlanComparer.Compare([new NamedPlan(" ", plan), new NamedPlan("B", plan)]));
    }
}
