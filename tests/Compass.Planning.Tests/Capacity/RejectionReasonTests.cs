using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Capacity;
using Compass.Planning.Memory;
using Compass.Planning.Performance;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Capacity;

/// <summary>Every kind of rejection comes out of a real planning scenario, typed where it is decided and grouped by its kind.</summary>
public sealed class RejectionReasonTests
{
    public static TheoryData<RejectionKind> Kinds => [.. Enum.GetValues<RejectionKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_IsProducedByAScenario_AndCategorizedByItsKind(RejectionKind kind)
    {
        var summaries = Produce(kind);
        var summary = Assert.Single(summaries, s => s.Kind == kind);
        Assert.Equal(RejectionReason.DescribeKind(kind), summary.Reason);
        var sample = Assert.IsType<RejectionReason>(summary.Sample);
        Assert.Equal(kind, sample.Kind);
        Assert.Equal(sample.Describe(), summary.Example);
        Assert.True(summary.Count >= 1);
        Assert.DoesNotContain("--", summary.Example, StringComparison.Ordinal);
        CheckData(sample);
    }

    [Fact]
    public void Plan_GroupsByKind_OneSummaryPerKind()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500,
            overrides: new PlanOverrides { Gpus = [GpuType.L4], Models = [ModelId.Llama33Instruct70B] }));
        Assert.Equal(plan.Excluded.Length, plan.Excluded.Select(e => e.Kind).Distinct().Count());
        Assert.Equal(plan.CandidatesConsidered, plan.Excluded.Sum(e => e.Count));
    }

    [Fact]
    public void Plan_RoundTripsThroughJson_WithTheTypedKind()
    {
        var plan = TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500,
            overrides: new PlanOverrides { Gpus = [GpuType.L4], Models = [ModelId.Llama33Instruct70B] }));
        var json = System.Text.Json.JsonSerializer.Serialize(plan, Compass.Core.Serialization.CompassJson.Options);
        Assert.Contains("\"kind\": \"does-not-fit-in-memory\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"does not fit in GPU memory\"", json, StringComparison.Ordinal);
        var back = System.Text.Json.JsonSerializer.Deserialize<Plan>(json, Compass.Core.Serialization.CompassJson.Options)!;
        Assert.Equal(plan.Excluded.Select(e => (e.Kind, e.Reason, e.Example)), back.Excluded.Select(e => (e.Kind, e.Reason, e.Example)));
        Assert.Equal(plan.Excluded[0].Sample, back.Excluded[0].Sample);
    }

    private static void CheckData(RejectionReason r)
    {
        switch (r.Kind)
        {
            case RejectionKind.SloMissed:
            case RejectionKind.SloMissedInSimulation:
                Assert.NotEmpty(r.SloMisses);
                Assert.All(r.SloMisses, m => Assert.True(m.PredictedMs > m.TargetMs));
                Assert.NotNull(r.Percentile);
                break;
            case RejectionKind.DoesNotFitInMemory:
            case RejectionKind.ContextTooShort:
            case RejectionKind.KvCacheTooSmall:
            case RejectionKind.LoadBeyondBenchmarks:
            case RejectionKind.OverBudget:
                Assert.True(r.Needed > r.Available, r.Describe());
                break;
            case RejectionKind.TensorParallelIndivisible:
                Assert.NotEqual(0, r.Available!.Value % r.Needed!.Value);
                break;
            case RejectionKind.ExcludedByConstraint:
                Assert.Equal(nameof(PlanningConstraints.KvCacheDtype), r.Constraint);
                break;
            default:
                Assert.False(string.IsNullOrWhiteSpace(r.Detail));
                break;
        }
    }

    private static ImmutableArray<ExclusionSummary> Produce(RejectionKind kind) => kind switch
    {
        RejectionKind.DoesNotFitInMemory => Plan(new PlanOverrides { Gpus = [GpuType.L4], Models = [ModelId.Llama33Instruct70B] }),
        RejectionKind.ExcludedByConstraint => Plan(new PlanOverrides { Gpus = [GpuType.A10G], KvCacheDtype = KvCacheFormat.Fp8 }),
        RejectionKind.TensorParallelIndivisible => Plan(new PlanOverrides
        {
            Gpus = [GpuType.H100],
            Models = [TestCatalog.Catalog.Models.First(m => m.Architecture.AttentionHeads % 8 != 0).Id],
        }),
        RejectionKind.ContextTooShort => ShortestContext(),
        RejectionKind.NoPerformanceData => Plan(new PlanOverrides()),
        RejectionKind.TrafficOutsideBenchmarks => Plan(new PlanOverrides
        {
            Models = [BenchmarkedModel().Id],
            PromptTokens = TokenDistribution.Fixed(BenchmarkedModel().Architecture.MaxContext / 2),
            OutputTokens = TokenDistribution.Fixed(64),
        }),
        RejectionKind.LoadBeyondBenchmarks => Plan(new PlanOverrides { Models = [BenchmarkedModel().Id] }, users: 200_000, maxReplicas: 1),
        RejectionKind.SloMissed => Plan(new PlanOverrides { Models = [BenchmarkedModel().Id], TtftMs = 1 }),
        RejectionKind.Saturated => Plan(new PlanOverrides { Gpus = [GpuType.L4] }, users: 1_000_000, maxReplicas: 1, performance: new PhysicsPerformanceModel(TestCatalog.Catalog)),
        RejectionKind.KvCacheTooSmall => Plan(new PlanOverrides { Gpus = [GpuType.L4] }, users: 1_000_000, maxReplicas: 1, performance: new AtTheTargets()),
        RejectionKind.SloMissedInSimulation => MissedInSimulation(),
        RejectionKind.NoPrice => Plan(new PlanOverrides { Gpus = [GpuType.A10G], DeploymentModel = DeploymentModel.Purchase }, performance: new AtTheTargets()),
        RejectionKind.OverBudget => Plan(new PlanOverrides { MaxMonthlyCostUsd = 1 }),
        RejectionKind.Other => Plan(new PlanOverrides { Gpus = [GpuType.L4] }, performance: new Unavailable()),
        _ => throw new InvalidOperationException($"No scenario produces {kind}; add one."),
    };

    private static ModelSpec BenchmarkedModel() => TestCatalog.Catalog.GetModel(TestCatalog.Catalog.Benchmarks[0].Model)!;

    private static ImmutableArray<ExclusionSummary> ShortestContext()
    {
        var model = TestCatalog.Catalog.Models.MinBy(m => m.Architecture.MaxContext)!;
        return Plan(new PlanOverrides
        {
            Models = [model.Id],
            PromptTokens = TokenDistribution.Fixed(model.Architecture.MaxContext),
            OutputTokens = TokenDistribution.Fixed(16),
        });
    }

    private static ImmutableArray<ExclusionSummary> Plan(
        PlanOverrides overrides, int users = 500, int? maxReplicas = null, IPerformanceModel? performance = null)
    {
        var request = TestCatalog.Request(UseCase.ChatbotConversational, users: users, overrides: overrides);
        if (maxReplicas is { } max)
        {
            request = request with { Specification = request.Specification with { Constraints = request.Specification.Constraints with { MaxReplicas = max } } };
        }

        return new CapacityPlanner(TestCatalog.Catalog, performance ?? TestCatalog.Benchmarks).Plan(request).Excluded;
    }

    private static ImmutableArray<ExclusionSummary> MissedInSimulation()
    {
        var model = TestCatalog.ModelSpec("llama-3.1-8b");
        var spec = TestCatalog.Request(UseCase.ChatbotConversational, users: 2000,
            overrides: new PlanOverrides { Gpus = [GpuType.L40S], Models = [model.Id], Quantizations = [Quantization.Bf16] }).Specification;
        var candidate = new Candidate(model, model.FindFormat(Quantization.Bf16)!, TestCatalog.Gpu("L40S"), 1);
        var memory = MemoryModel.Compute(model, Quantization.Bf16, candidate.Gpu, 1, spec.Traffic.PromptTokens.P95 + spec.Traffic.OutputTokens.P95);
        var sized = ReplicaPlanner.Size(candidate, memory, spec, new PhysicsPerformanceModel(TestCatalog.Catalog));
        Assert.True(sized.IsFeasible, sized.FailureReason);

        // The same deployment held to a first token faster than any step: the simulation cannot meet it with any count allowed.
        var strict = spec with
        {
            Slo = spec.Slo with { TtftMs = 1 },
            Constraints = spec.Constraints with { MaxReplicas = sized.ServingReplicas + 1 },
        };
        var verified = new SimulationVerifier(TestCatalog.Catalog).Verify(candidate, sized, strict);
        Assert.False(verified.IsFeasible);
        return [ExclusionSummary.Of([verified.Failure! with { Configuration = candidate.ToString() }])];
    }

    // Meets every SLO exactly at any load, so that only the KV cache can limit the replica count.
    private sealed class AtTheTargets : IPerformanceModel
    {
        public PerformanceEstimate Predict(PerformanceQuery query) => PerformanceEstimate.Available(new PerformancePrediction
        {
            TtftMs = 1,
            ItlMs = 1,
            E2eMs = 500,
            Percentile = query.Percentile,
            RequestRate = query.RequestRate,
            OutputTokensPerSecond = query.RequestRate * query.OutputTokens.Mean,
            Source = PredictionSource.Estimated,
            Basis = "test model",
        });
    }

    private sealed class Unavailable : IPerformanceModel
    {
        public PerformanceEstimate Predict(PerformanceQuery query) => PerformanceEstimate.Unavailable("this test model answers nothing");
    }
}
