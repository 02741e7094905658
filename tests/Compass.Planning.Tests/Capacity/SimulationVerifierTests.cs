using Compass.Core;
using Compass.Planning.Capacity;
using Compass.Planning.Performance;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Capacity;

public sealed class SimulationVerifierTests
{
    private static Plan PlanWith(DeploymentIntent intent, PlanOverrides? overrides = null)
    {
        var catalog = TestCatalog.Catalog;
        var planner = new CapacityPlanner(catalog, new TieredPerformanceModel(TestCatalog.Benchmarks, new PhysicsPerformanceModel(catalog)), new SimulationVerifier(catalog));
        return planner.Plan(SpecificationBuilder.Build(intent, catalog, overrides));
    }

    [Theory]
    [InlineData("chatbot_conversational", 5000)]
    [InlineData("code_completion", 800)]
    [InlineData("document_analysis_rag", 2000)]
    public void ShownEstimates_AreVerifiedBySimulation_AndMeetTheirSlos(string useCase, int users)
    {
        var plan = PlanWith(new DeploymentIntent { UseCase = UseCase.Parse(useCase), UserCount = users }, new PlanOverrides { Gpus = [GpuType.L4, GpuType.L40S, GpuType.H200] });
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r =>
        {
            Assert.NotEqual(PredictionSource.Estimated, r.Source);
            Assert.True(r.Predicted.Meets(plan.Slo), $"{r.Model} on {r.Gpu}: {r.Predicted.TtftMs}/{r.Predicted.ItlMs}/{r.Predicted.E2eMs}");
            Assert.True(r.MeetsSlo);
        });
        Assert.Contains(plan.Recommendations, r => r.Source == PredictionSource.Simulated && r.Predicted.Basis.Contains("continuous-batching simulation", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_IsDeterministic()
    {
        var intent = new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 3000 };
        var overrides = new PlanOverrides { Gpus = [GpuType.L40S] };
        var first = PlanWith(intent, overrides).Recommendations.Select(r => (r.Model, r.Replicas, r.Predicted.TtftMs)).ToArray();
        var second = PlanWith(intent, overrides).Recommendations.Select(r => (r.Model, r.Replicas, r.Predicted.TtftMs)).ToArray();
        Assert.Equal(first, second);
    }

    [Fact]
    public void BurstyArrivals_NeedAtLeastAsManyReplicasAsPoisson()
    {
        var catalog = TestCatalog.Catalog;
        var model = TestCatalog.ModelSpec("llama-3.1-8b");
        var request = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 20_000 }, catalog,
            new PlanOverrides { Gpus = [GpuType.L40S], Models = [model.Id], Quantizations = [Quantization.Bf16] });
        var spec = request.Specification;
        var candidate = new Candidate(model, model.FindFormat(Quantization.Bf16)!, TestCatalog.Gpu("L40S"), 1);
        var memory = Compass.Planning.Memory.MemoryModel.Compute(model, Quantization.Bf16, candidate.Gpu, 1, spec.Traffic.PromptTokens.P95 + spec.Traffic.OutputTokens.P95);
        var sized = ReplicaPlanner.Size(candidate, memory, spec, new PhysicsPerformanceModel(catalog));
        Assert.True(sized.IsFeasible, sized.FailureReason);
        var verifier = new SimulationVerifier(catalog);
        var poisson = verifier.Verify(candidate, sized, spec);
        var bursty = verifier.Verify(candidate, sized, spec with { Traffic = spec.Traffic with { Arrival = ArrivalPattern.Gamma(3) } });
        Assert.True(poisson.IsFeasible, poisson.FailureReason);
        Assert.True(!bursty.IsFeasible || bursty.ServingReplicas >= poisson.ServingReplicas);
        Assert.Equal(PredictionSource.Simulated, poisson.Prediction!.Source);
    }
}
