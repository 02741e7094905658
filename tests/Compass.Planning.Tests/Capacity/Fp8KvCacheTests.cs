using Compass.Core;
using Compass.Planning.Capacity;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Performance;
using Compass.Planning.Ranking;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Capacity;

public sealed class Fp8KvCacheTests
{
    [Fact]
    public void Fp8KvCache_HoldsTwiceTheTokens()
    {
        var model = TestCatalog.ModelSpec("llama-3.1-8b");
        var gpu = TestCatalog.Gpu("L40S");
        var bf16 = MemoryModel.Compute(model, Quantization.Bf16, gpu, 1, 2048);
        var fp8 = MemoryModel.Compute(model, Quantization.Bf16, gpu, 1, 2048, new ServingLimits { KvCacheDtype = KvCacheFormat.Fp8 });
        Assert.InRange((double)fp8.KvCacheTokens / bf16.KvCacheTokens, 1.98, 2.02);
    }

    [Theory]
    [InlineData("llama-3.1-8b", "H100")]
    [InlineData("qwen2.5-7b", "L40S")]
    public void Fp8KvCache_SimulationProfile_HoldsTwiceTheTokens_AndReadsLessKvPerDecode(string modelName, string gpuName)
    {
        var model = TestCatalog.ModelSpec(modelName);
        var gpu = TestCatalog.Gpu(gpuName);
        var bf16 = EngineProfiles.Create(TestCatalog.Catalog, model, Quantization.Bf16, gpu, 1, new ServingLimits { KvCacheDtype = KvCacheFormat.Auto });
        var fp8 = EngineProfiles.Create(TestCatalog.Catalog, model, Quantization.Bf16, gpu, 1, new ServingLimits { KvCacheDtype = KvCacheFormat.Parse("fp8_e4m3") });

        Assert.InRange((double)fp8.KvCacheTokens / bf16.KvCacheTokens, 1.98, 2.02);
        var longDecode = StepBatch.Decode(64, 64L * 8192);
        Assert.True(fp8.StepTime.Predict(longDecode).MemoryMs < bf16.StepTime.Predict(longDecode).MemoryMs);
    }

    [Fact]
    public void Planner_ConsidersFp8KvCache_OnGpusThatSupportIt_AndLabelsIt()
    {
        var catalog = TestCatalog.Catalog;
        var planner = new CapacityPlanner(catalog, new TieredPerformanceModel(TestCatalog.Benchmarks, new PhysicsPerformanceModel(catalog)));
        var request = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.LongDocumentSummarization, UserCount = 3000 },
            catalog,
            new PlanOverrides { Gpus = [GpuType.L4, GpuType.A10G], Models = [TestCatalog.ModelSpec("llama-3.1-8b").Id], Top = 10 });
        var plan = planner.Plan(request);
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations.Where(r => r.KvCacheDtype.IsFp8), r => Assert.Equal(GpuType.L4, r.Gpu));
        Assert.All(plan.Recommendations, r => Assert.True(r.Predicted.Meets(plan.Slo)));
    }

    [Theory]
    [InlineData("fp8_e4m3", "fp8")]
    [InlineData("auto", "auto")]
    [InlineData("bfloat16", "auto")]
    public void Planner_WithAKvCacheDtype_ShowsOnlyThatFormat(string asked, string shown)
    {
        var request = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 2000 },
            TestCatalog.Catalog,
            new PlanOverrides { Gpus = [GpuType.H100, GpuType.L4], KvCacheDtype = KvCacheFormat.Parse(asked), Top = 10 });
        Assert.Equal(KvCacheFormat.Parse(asked), request.Specification.Constraints.KvCacheDtype);

        var plan = new CapacityPlanner(TestCatalog.Catalog, new TieredPerformanceModel(TestCatalog.Benchmarks, new PhysicsPerformanceModel(TestCatalog.Catalog))).Plan(request);
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r => Assert.Equal(shown, r.KvCacheDtype.Value));
    }

    [Fact]
    public void Planner_Fp8KvCacheOnly_OnGpusWithoutFp8_ShowsNothing_AndSaysWhy()
    {
        var request = SpecificationBuilder.Build(
            new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 500 },
            TestCatalog.Catalog,
            new PlanOverrides { Gpus = [GpuType.A10G], KvCacheDtype = KvCacheFormat.Fp8 });
        var plan = TestCatalog.Plan(request);
        Assert.Empty(plan.Recommendations);
        Assert.Contains(plan.Excluded, e => e.Kind == RejectionKind.ExcludedByConstraint && e.Sample?.Constraint == nameof(PlanningConstraints.KvCacheDtype));
    }

    [Fact]
    public void Fp8KvCache_CostsALittleQuality()
    {
        var model = TestCatalog.ModelSpec("llama-3.1-8b");
        var format = model.FindFormat(Quantization.Bf16)!;
        var plain = QualityModel.For(model, format, UseCase.ChatbotConversational)!;
        var kv8 = QualityModel.For(model, format, UseCase.ChatbotConversational, KvCacheFormat.Fp8)!;
        Assert.True(kv8.Score < plain.Score && kv8.Score > plain.Score * 0.99);
        Assert.Contains("FP8 KV cache", kv8.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Benchmarks_DoNotAnswerForAnFp8KvCache()
    {
        var query = new PerformanceQuery
        {
            Model = TestCatalog.ModelSpec("qwen2.5-7b"),
            Quantization = Quantization.Bf16,
            Gpu = TestCatalog.Gpu("H100"),
            TensorParallel = 1,
            PromptTokens = TokenDistribution.Fixed(512),
            OutputTokens = TokenDistribution.Fixed(256),
            RequestRate = 1,
            KvCacheDtype = KvCacheFormat.Fp8,
        };
        Assert.False(TestCatalog.Benchmarks.Covers(query));
        Assert.Null(TestCatalog.Benchmarks.Predict(query).Prediction);
    }
}
