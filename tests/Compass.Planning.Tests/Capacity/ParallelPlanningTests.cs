using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Service;
using Compass.Planning.Performance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Tests.Capacity;

/// <summary>Sizing and simulating configurations in parallel changes a plan's speed only, never the plan.</summary>
public sealed class ParallelPlanningTests
{
    private static readonly EmbeddedKnowledgeBase KnowledgeBase = new();

    public static TheoryData<string, int, Priority> Workloads => new()
    {
        { "chatbot_conversational", 5000, Priority.High },
        { "document_analysis_rag", 20000, Priority.Medium },
        { "code_completion", 800, Priority.High },
    };

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task Plan_IsTheSame_WhateverTheDegreeOfParallelism(string useCase, int users, Priority latency)
    {
        var intent = new DeploymentIntent { UseCase = UseCase.Parse(useCase), UserCount = users, LatencyPriority = latency };

        var serial = await PlanJson(intent, 1);
        Assert.Contains("\"recommendations\"", serial, StringComparison.Ordinal);

        Assert.Equal(serial, await PlanJson(intent, 3));
        Assert.Equal(serial, await PlanJson(intent, -1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void DegreeOfParallelism_OutOfRange_IsRefused(int degree)
    {
        using var provider = new ServiceCollection().AddCompassPlanning(o => o.MaxDegreeOfParallelism = degree).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CompassPlanningOptions>>().Value);

        Assert.Contains(nameof(CompassPlanningOptions.MaxDegreeOfParallelism), error.Message, StringComparison.Ordinal);
        var catalog = EmbeddedKnowledgeBase.Catalog;
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityPlanner(catalog, new PhysicsPerformanceModel(catalog), null, degree));
    }

    // A fresh service (and so a fresh performance model with empty caches) per plan: parallel runs fill them concurrently.
    private static async Task<string> PlanJson(DeploymentIntent intent, int degree)
    {
        var planning = new PlanningService(KnowledgeBase, Options.Create(new CompassPlanningOptions { MaxDegreeOfParallelism = degree }),
            performanceFactory: c => new TieredPerformanceModel(new BenchmarkPerformanceModel(c), new PhysicsPerformanceModel(c)));
        var outcome = await planning.PlanAsync(intent);
        return PlanOutcomeJson.ToJsonObject(outcome).ToJsonString();
    }
}
