using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Service;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Ranking;

/// <summary>A rank names one configuration whatever Top was: it feeds "generate --rank", which reads a plan saved with any Top.</summary>
public sealed class RankStabilityTests
{
    private static readonly PlanningService Planning = new(new EmbeddedKnowledgeBase());

    public static TheoryData<string, int, Priority> Workloads => new()
    {
        { "chatbot_conversational", 5000, Priority.High },
        { "document_analysis_rag", 20000, Priority.Medium },
        { "code_completion", 800, Priority.High },
    };

    [Theory]
    [MemberData(nameof(Workloads))]
    public async Task EveryRankShown_IsTheSameConfiguration_ForEveryTop(string useCase, int users, Priority latency)
    {
        var intent = new DeploymentIntent { UseCase = UseCase.Parse(useCase), UserCount = users, LatencyPriority = latency };
        var reference = (await Planning.PlanAsync(intent, new PlanOverrides { Top = 10 })).Plan;
        Assert.NotEmpty(reference.Recommendations);

        foreach (var top in new[] { 1, 2, 3, 5, 7 })
        {
            var plan = (await Planning.PlanAsync(intent, new PlanOverrides { Top = top })).Plan;

            Assert.InRange(plan.Recommendations.Length, 1, top);
            Assert.Equal(1, plan.Recommendations[0].Rank);
            Assert.Equal(plan.Recommendations.Select(r => r.Rank).Order(), plan.Recommendations.Select(r => r.Rank));
            foreach (var r in plan.Recommendations)
            {
                var same = reference.Recommendations.SingleOrDefault(x => x.Rank == r.Rank);
                Assert.True(same is not null, $"top {top}: rank {r.Rank} ({Key(r)}) is not in the top-10 plan");
                Assert.Equal(Key(same), Key(r));
            }
        }
    }

    private static string Key(Recommendation r)
        => $"{r.Model} {r.Quantization} kv={r.KvCacheDtype} {r.Replicas}x{r.TensorParallel} {r.Gpu}";
}
