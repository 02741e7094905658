using Compass.Core;
using Compass.Planning.Capacity;
using Compass.Planning.Memory;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Capacity;

public sealed class ReplicaPlannerTests
{
    private static readonly Candidate Llama8BOnH100 = new(
        TestCatalog.ModelSpec("llama-3.1-8b"), TestCatalog.ModelSpec("llama-3.1-8b").NativeFormat, TestCatalog.Gpu("H100"), 1);

    private static (CapacityResult Result, DeploymentSpecification Spec) Size(double qps, PlanOverrides? overrides = null)
    {
        var spec = TestCatalog.Request(UseCase.ChatbotConversational, qps: qps, overrides: overrides).Specification;
        var memory = MemoryModel.Compute(Llama8BOnH100.Model, Quantization.Bf16, Llama8BOnH100.Gpu, 1,
            spec.Traffic.PromptTokens.P95 + spec.Traffic.OutputTokens.P95);
        return (ReplicaPlanner.Size(Llama8BOnH100, memory, spec, TestCatalog.Benchmarks), spec);
    }

    [Fact]
    public void Size_SmallLoad_OneReplica()
    {
        var (result, spec) = Size(0.2);
        Assert.True(result.IsFeasible);
        Assert.Equal(1, result.Replicas);
        Assert.True(result.Prediction!.Meets(spec.Slo));
    }

    [Fact]
    public void Size_PicksTheFewestReplicasThatCarryPeakWithHeadroom()
    {
        var (result, spec) = Size(10);
        var perReplica = spec.Traffic.PeakQps * (1 + spec.Constraints.Headroom);
        var maxRate = result.Prediction!.MaxRequestRate!.Value;
        Assert.True(perReplica / result.Replicas <= maxRate);
        Assert.True(perReplica / (result.Replicas - 1) > maxRate);
        Assert.Contains("would fail", result.DescribeLimit(), StringComparison.Ordinal);
    }

    [Fact]
    public void Size_Redundancy_AddsReplicasOnTop()
    {
        var plain = Size(10).Result;
        var redundant = Size(10, new PlanOverrides { RedundantReplicas = 1 }).Result;
        Assert.Equal(plain.ServingReplicas, redundant.ServingReplicas);
        Assert.Equal(plain.Replicas + 1, redundant.Replicas);
    }

    [Fact]
    public void Size_UnmeetableSlo_FailsWithTheMissedTarget()
    {
        var (result, _) = Size(1, new PlanOverrides { ItlMs = 2 });
        Assert.False(result.IsFeasible);
        Assert.Contains("ITL", result.FailureReason, StringComparison.Ordinal);
    }
}
