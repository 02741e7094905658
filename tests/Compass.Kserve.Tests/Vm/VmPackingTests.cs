using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Vm;
using Compass.Kserve.Yaml;
using Compass.Testing;

namespace Compass.Kserve.Tests.Vm;

/// <summary>
/// Replicas packed onto each VM: as many as the instance's GPUs hold at the plan's tensor parallelism, the VMs that carry
/// all the plan's replicas, the instance whose VMs cost least, and the pricer quoting exactly what the bundle deploys.
/// </summary>
public sealed class VmPackingTests
{
    private static readonly VmOptions Aws = VmTestData.Options("aws");

    [Theory]
    [InlineData(1, 8, 4, 32)]
    [InlineData(2, 4, 8, 32)]
    [InlineData(4, 2, 15, 30)]
    [InlineData(8, 1, 29, 29)]
    public void Pack_29Replicas_OnAnEightGpuOnlyProvider(int tp, int perVm, int vms, int replicas)
    {
        var (plan, r) = Plan(replicas: 29, tp);
        var instances = new CloudInstanceCatalog([Instance(8, 50, "eight")]);

        var choice = new VmInstanceSelector(TestPlans.Catalog, instances).Exact(CloudProvider.Aws, plan, r)!;
        var bundle = new VmBundleGenerator(TestPlans.Catalog, instances).Generate(plan, r, Aws);

        Assert.Equal(perVm, choice.ReplicasPerVm);
        Assert.Equal(vms, choice.VmsFor(29));
        Assert.Equal(perVm, bundle.ReplicasPerVm);
        Assert.Equal(vms, bundle.VmCount);
        Assert.Equal(replicas, bundle.Replicas);
        Assert.Equal(0, bundle.Cost.IdleGpus);
        Assert.Equal(vms * 50, bundle.Cost.TotalUsdPerHour, 9);
        Assert.Contains($"default     = {vms}\n", bundle[StackFiles.Terraform], StringComparison.Ordinal);
        Assert.All(bundle.Notes, LibraryMessages.AssertNoHostTerms);

        var services = YamlTree.Parse(bundle[StackFiles.Compose]).Single()!["services"]!.AsObject().Select(p => p.Key).ToList();
        if (perVm == 1)
        {
            // One replica per VM keeps the layout of one: no proxy, no proxy configuration.
            Assert.Contains("vllm", services);
            Assert.DoesNotContain("proxy", services);
            Assert.DoesNotContain(bundle.Files, f => f.Name == StackFiles.Proxy);
        }
        else
        {
            Assert.Equal(Enumerable.Range(0, perVm).Select(i => $"vllm-{i}"), services.Where(s => s.StartsWith("vllm", StringComparison.Ordinal)));
            Assert.Contains("proxy", services);
            Assert.Contains(bundle.Notes, n => n.Contains($"{replicas} in all", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Pack_LeavesIdleOnlyTheGpusThatDoNotMakeAWholeReplica()
    {
        // Three GPUs at tensor parallelism 2: one replica per VM and one GPU idle on each.
        var (plan, r) = Plan(replicas: 5, tp: 2);
        var instances = new CloudInstanceCatalog([Instance(3, 20, "three")]);

        var bundle = new VmBundleGenerator(TestPlans.Catalog, instances).Generate(plan, r, Aws);

        Assert.Equal(1, bundle.ReplicasPerVm);
        Assert.Equal(5, bundle.VmCount);
        Assert.Equal(5, bundle.Cost.IdleGpus);
        Assert.Contains(bundle.Notes, n => n.Contains("1 per VM, 5 in all, stay idle", StringComparison.Ordinal));
        Assert.All(bundle.Notes, LibraryMessages.AssertNoHostTerms);
    }

    [Theory]
    [InlineData(29, "eight")] // 29 × $7 = $203 against 4 × $50 = $200
    [InlineData(24, "eight")] // $168 against $150
    [InlineData(3, "one")] // $21 against $50
    [InlineData(17, "one")] // $119 against 3 × $50 = $150
    public void Exact_IsTheInstanceWhoseVmsCarryTheReplicasForTheLeast(int replicas, string expected)
    {
        var (plan, r) = Plan(replicas, tp: 1);
        var instances = new CloudInstanceCatalog([Instance(1, 7, "one"), Instance(8, 50, "eight")]);

        var choice = new VmInstanceSelector(TestPlans.Catalog, instances).Exact(CloudProvider.Aws, plan, r)!;

        Assert.Equal(expected, choice.Instance.Type);
    }

    [Fact]
    public void Exact_OnATie_TakesFewerVms()
    {
        // 16 × $6.25 = 2 × $50: the same price per hour, 14 fewer machines to run.
        var (plan, r) = Plan(replicas: 16, tp: 1);
        var instances = new CloudInstanceCatalog([Instance(1, 6.25, "one"), Instance(8, 50, "eight")]);

        var choice = new VmInstanceSelector(TestPlans.Catalog, instances).Exact(CloudProvider.Aws, plan, r)!;

        Assert.Equal("eight", choice.Instance.Type);
        Assert.Equal(2, choice.VmsFor(16));
    }

    [Theory]
    [InlineData(29, 1)]
    [InlineData(29, 2)]
    [InlineData(3, 1)]
    [InlineData(7, 4)]
    public void Price_IsWhatTheBundleDeploys(int replicas, int tp)
    {
        var (plan, r) = Plan(replicas, tp);
        var instances = new CloudInstanceCatalog([Instance(1, 7, "one"), Instance(4, 30, "four"), Instance(8, 50, "eight")]);

        var bundle = new VmBundleGenerator(TestPlans.Catalog, instances).Generate(plan, r, Aws);
        var quote = new SingleVmPricer(TestPlans.Catalog, instances).Price(plan, r).For(CloudProvider.Aws)!;

        Assert.Equal(bundle.Instance, quote.Instance);
        Assert.Equal(bundle.VmCount, quote.VmCount);
        Assert.Equal(bundle.ReplicasPerVm, quote.Choice.ReplicasPerVm);
        Assert.Equal(bundle.Replicas, quote.Replicas);
        Assert.Equal(bundle.Cost.IdleGpus, quote.IdleGpus);
        Assert.Equal(bundle.Cost.TotalUsdPerHour, quote.TotalUsdPerHour, 9);
    }

    [Fact]
    public void VmsFor_RoundsUpAndRefusesNoReplicas()
    {
        var choice = new VmInstanceSelector(TestPlans.Catalog, new CloudInstanceCatalog([Instance(8, 50, "eight")]))
            .Exact(CloudProvider.Aws, Plan(1, 1).Plan, Plan(1, 1).Recommendation)!;
        Assert.Equal(1, choice.VmsFor(1));
        Assert.Equal(1, choice.VmsFor(8));
        Assert.Equal(2, choice.VmsFor(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => choice.VmsFor(0));
    }

    /// <summary>The chatbot plan (Llama 3.1 8B on H100) with its first recommendation at a replica count and tensor parallelism.</summary>
    internal static (Plan Plan, Recommendation Recommendation) Plan(int replicas, int tp)
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var r = plan.Recommendations[0] with { Replicas = replicas, TensorParallel = tp };
        return (plan with { Recommendations = [r] }, r);
    }

    internal static CloudInstance Instance(int gpus, double usdPerHour, string type) => new()
    {
        Provider = CloudProvider.Aws,
        Type = type,
        Family = "Test",
        Gpu = new GpuType("H100"),
        GpuCount = gpus,
        GpuMemoryGiB = 80,
        VCpus = 8 * gpus,
        MemoryGiB = 64 * gpus,
        OnDemandUsdPerHour = usdPerHour,
        Region = "us-east-1",
        Source = new Uri("https://example.com/pricing"),
        AsOf = "2026-12",
    };
}
