using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Vm;

namespace Compass.Kserve.Tests.Vm;

/// <summary>Which cloud instance runs one replica on a single VM: the exact match, else the closest alternative.</summary>
public sealed class VmInstanceSelectorTests
{
    private const double GiB = 1024.0 * 1024 * 1024;

    private static readonly VmInstanceSelector Selector = new(TestPlans.Catalog);

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    public static TheoryData<string, string> NotFitting => VmTestData.NotFitting();

    private static IEnumerable<Plan> AllPlans => VmTestData.Plans.Append(TestPlans.ChatbotMi300X).Select(TestPlans.Load);

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Select_WhenTheProviderHasThePlansGpu_IsTheExactMatchPackedWithReplicas(string plan, string provider)
    {
        var p = TestPlans.Load(plan);
        var r = p.Recommendations[0];

        var choice = Selector.Select(new CloudProvider(provider), p, r);

        Assert.NotNull(choice);
        Assert.Equal(VmInstanceMatch.Exact, choice.Match);
        Assert.Equal(r.Gpu, choice.Instance.Gpu);
        Assert.Equal(choice.Instance.GpuCount / r.TensorParallel, choice.ReplicasPerVm);
        Assert.Equal(choice.ReplicasPerVm * r.TensorParallel, choice.GpusUsed);
        Assert.Equal(choice.Instance.GpuCount % r.TensorParallel, choice.IdleGpus);
        Assert.Equal(1, choice.BandwidthRatio);
    }

    [Theory]
    [MemberData(nameof(NotFitting))]
    public void Select_WhenTheProviderLacksThePlansGpu_IsTheClosestAlternative(string plan, string provider)
    {
        var p = TestPlans.Load(plan);
        var r = p.Recommendations[0];

        var choice = Selector.Select(new CloudProvider(provider), p, r);

        Assert.NotNull(choice);
        Assert.Equal(VmInstanceMatch.Closest, choice.Match);
        Assert.Equal(choice, Selector.Closest(new CloudProvider(provider), p, r));
        Assert.Equal(choice.Instance.GpuCount, choice.GpusUsed);
        Assert.Equal(0, choice.IdleGpus);
        Assert.True(choice.UsableMemoryGiB >= choice.ReplicaMemoryGiB);
    }

    [Fact]
    public void Closest_ForOneMi300X_IsOneOrTwoGpusOfItsClass_NotAnEightGpuMachine()
    {
        // The weakness this guards against: ranking by per-GPU memory first offered an 8× H200 p5en.48xlarge for one MI300X.
        var plan = TestPlans.Load(TestPlans.ChatbotMi300X);
        var r = plan.Recommendations[0];
        Assert.Equal(1, r.TensorParallel);

        foreach (var provider in VmTestData.Instances.Providers)
        {
            var choice = Selector.Select(provider, plan, r);

            Assert.NotNull(choice);
            Assert.Equal(VmInstanceMatch.Closest, choice.Match);
            Assert.True(choice.Instance.GpuCount <= 2, $"{provider}: {choice.Instance.Type} has {choice.Instance.GpuCount} GPUs");
            Assert.True(choice.BandwidthRatio >= VmInstanceSelector.MinBandwidthRatio, $"{provider}: {choice.Instance.Type} at {choice.BandwidthRatio}");
            Assert.True(choice.UsableMemoryGiB >= choice.ReplicaMemoryGiB);
        }

        var aws = Selector.Select(CloudProvider.Aws, plan, r)!;
        Assert.Equal((1, GpuType.H100), (aws.Instance.GpuCount, aws.Instance.Gpu));
    }

    [Fact]
    public void Closest_IsTheSmallestInstanceOfThePlannedClassThatHoldsTheReplica_ElseTheFastest()
    {
        // Whether one instance holds a replica is asked of a selector over that instance alone, so this checks the
        // ranking without restating the memory arithmetic.
        var checkedAny = false;
        foreach (var plan in AllPlans)
        {
            foreach (var r in plan.Recommendations)
            {
                foreach (var provider in VmTestData.Instances.Providers)
                {
                    var holding = VmTestData.Instances.Instances.Where(i => i.Provider == provider)
                        .Select(i => new VmInstanceSelector(TestPlans.Catalog, new CloudInstanceCatalog([i])).Closest(provider, plan, r))
                        .OfType<VmInstanceChoice>()
                        .ToList();
                    var closest = Selector.Closest(provider, plan, r);
                    if (holding.Count == 0)
                    {
                        Assert.Null(closest);
                        continue;
                    }

                    Assert.NotNull(closest);
                    Assert.Contains(closest, holding);
                    var sameClass = holding.Where(c => c.BandwidthRatio >= VmInstanceSelector.MinBandwidthRatio).ToList();
                    if (sameClass.Count > 0)
                    {
                        Assert.True(closest.BandwidthRatio >= VmInstanceSelector.MinBandwidthRatio);
                        Assert.DoesNotContain(sameClass, c => c.Instance.GpuCount < closest.Instance.GpuCount);
                        Assert.DoesNotContain(sameClass, c => c.Instance.GpuCount == closest.Instance.GpuCount && c.Instance.OnDemandUsdPerHour < closest.Instance.OnDemandUsdPerHour);
                    }
                    else
                    {
                        Assert.Equal(holding.Max(c => c.BandwidthRatio), closest.BandwidthRatio);
                    }

                    checkedAny = true;
                }
            }
        }

        Assert.True(checkedAny);
    }

    [Fact]
    public void Closest_WhenNoneIsOfThePlannedClass_IsTheFastestThatHoldsTheReplica()
    {
        // One MI300X (5.3 TB/s): two and four L4s (0.6 and 1.2 TB/s) both hold an 8B model, neither is of its class.
        var plan = TestPlans.Load(TestPlans.ChatbotMi300X);
        var instances = new CloudInstanceCatalog([Instance("L4", 2, 2.0, "two"), Instance("L4", 4, 4.0, "four")]);

        var choice = new VmInstanceSelector(TestPlans.Catalog, instances).Closest(CloudProvider.Aws, plan, plan.Recommendations[0]);

        Assert.NotNull(choice);
        Assert.Equal("four", choice.Instance.Type);
        Assert.True(choice.BandwidthRatio < VmInstanceSelector.MinBandwidthRatio);
    }

    [Fact]
    public void Select_WhenNoInstanceHoldsTheReplica_IsNull()
    {
        // Llama 3.1 70B in BF16 (about 131 GiB of weights) does not fit one L4.
        var plan = TestPlans.Load(TestPlans.Llama70B);
        var instances = new CloudInstanceCatalog([Instance("L4", 1, 0.8, "small")]);

        Assert.Null(new VmInstanceSelector(TestPlans.Catalog, instances).Select(CloudProvider.Aws, plan, plan.Recommendations[0]));
    }

    [Fact]
    public void ReplicaMemory_IsWeightsActivationsOverheadAndTheKvCacheOfTheRequestsInFlight()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var r = plan.Recommendations[0];
        var m = r.Memory;
        var inFlight = Math.Min((int)Math.Ceiling(r.Predicted.RequestRate * r.Predicted.E2eMs / 1000), m.MaxBatch);
        var kv = inFlight * (double)(plan.Traffic.PromptTokens.P95 + plan.Traffic.OutputTokens.P95) * m.KvBytesPerToken / GiB;

        Assert.Equal((r.TensorParallel * (m.WeightsGiB + m.ActivationsGiB + m.OverheadGiB)) + kv, Selector.ReplicaMemoryGiB(plan, r), 2);
    }

    [Fact]
    public void ReplicaMemory_NeverExceedsWhatThePlannedGpusOffer()
    {
        // The plan fitted each option on its own GPUs, so they must hold the replica by the selector's measure too.
        foreach (var plan in AllPlans)
        {
            foreach (var r in plan.Recommendations)
            {
                var need = Selector.ReplicaMemoryGiB(plan, r);
                Assert.True(need > r.TensorParallel * r.Memory.WeightsGiB, $"#{r.Rank}: {need} GiB");
                Assert.True(need <= (r.TensorParallel * r.Memory.UsableGiB) + 0.01, $"#{r.Rank}: {need} GiB > {r.TensorParallel} × {r.Memory.UsableGiB}");
            }
        }
    }

    [Fact]
    public void ReplicaMemory_CountsAnFp8KvCacheTwiceOnAGpuWithoutFp8()
    {
        // The 70B plan keeps its KV cache in FP8 on H100s; an A100 has no FP8, so vLLM would keep it in 16 bits.
        var plan = TestPlans.Load(TestPlans.Llama70B);
        var r = plan.Recommendations[0];
        Assert.True(r.KvCacheDtype.IsFp8);
        var inFlight = Math.Min((int)Math.Ceiling(r.Predicted.RequestRate * r.Predicted.E2eMs / 1000), r.Memory.MaxBatch);
        var kv = inFlight * (double)(plan.Traffic.PromptTokens.P95 + plan.Traffic.OutputTokens.P95) * r.Memory.KvBytesPerToken / GiB;

        var h100 = new VmInstanceSelector(TestPlans.Catalog, new CloudInstanceCatalog([Instance("H100", 8, 50, "h100")])).Closest(CloudProvider.Aws, plan, r)!;
        var a100 = new VmInstanceSelector(TestPlans.Catalog, new CloudInstanceCatalog([Instance("A100-80", 8, 30, "a100")])).Closest(CloudProvider.Aws, plan, r)!;

        Assert.Equal(kv, a100.ReplicaMemoryGiB - h100.ReplicaMemoryGiB, 1);
    }

    private static CloudInstance Instance(string gpu, int count, double usdPerHour, string type) => new()
    {
        Provider = CloudProvider.Aws,
        Type = type,
        Family = "Test",
        Gpu = new GpuType(gpu),
        GpuCount = count,
        GpuMemoryGiB = TestPlans.Catalog.GetGpu(new GpuType(gpu))!.MemoryGiB,
        VCpus = 8 * count,
        MemoryGiB = 64 * count,
        OnDemandUsdPerHour = usdPerHour,
        Region = "us-east-1",
        Source = new Uri("https://example.com/pricing"),
        AsOf = "2026-12",
    };
}
