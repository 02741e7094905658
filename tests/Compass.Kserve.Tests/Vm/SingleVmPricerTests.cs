using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Kserve.Vm;

namespace Compass.Kserve.Tests.Vm;

/// <summary>Each plan option priced as single VMs on every provider, beside its Kubernetes GPU-hours, and its JSON form.</summary>
public sealed class SingleVmPricerTests
{
    private static readonly SingleVmPricer Pricer = new(TestPlans.Catalog);

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    public static TheoryData<string, string> NotFitting => VmTestData.NotFitting();

    [Fact]
    public void Price_QuotesEveryProviderOfTheCatalogOnce_ForEveryRecommendation()
    {
        foreach (var name in VmTestData.Plans.Append(TestPlans.ChatbotMi300X))
        {
            var plan = TestPlans.Load(name);
            var alternatives = Pricer.Price(plan);

            Assert.Equal(plan.Recommendations.Select(r => r.Rank), alternatives.Select(a => a.Rank));
            foreach (var a in alternatives)
            {
                Assert.Equal(VmTestData.Instances.Providers, [.. a.Quotes.Select(q => q.Provider), .. a.Unavailable]);
                Assert.Equal(plan.Recommendations.Single(r => r.Rank == a.Rank).Cost.MonthlyUsd, a.KubernetesMonthlyUsd);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Price_OfAnExactMatch_IsWhatGenerateDeploysAndCosts(string plan, string provider)
    {
        var p = TestPlans.Load(plan);
        var bundle = VmTestData.Generate(plan, provider);

        var quote = Pricer.Price(p, p.Recommendations[0]).For(new CloudProvider(provider));

        Assert.NotNull(quote);
        Assert.Equal(VmInstanceMatch.Exact, quote.Match);
        Assert.Equal(bundle.Instance, quote.Instance);
        Assert.Equal(bundle.VmCount, quote.VmCount);
        Assert.Equal(bundle.ReplicasPerVm, quote.Choice.ReplicasPerVm);
        Assert.Equal(bundle.Replicas, quote.Replicas);
        Assert.Equal(bundle.Cost.IdleGpus, quote.IdleGpus);
        Assert.Equal(bundle.Cost.VmUsdPerHour, quote.VmUsdPerHour);
        Assert.Equal(bundle.Cost.TotalUsdPerHour, quote.TotalUsdPerHour, 9);
        Assert.Equal(bundle.Cost.MonthlyUsd, quote.MonthlyUsd, 6);
    }

    [Theory]
    [MemberData(nameof(NotFitting))]
    public void Price_OfAProviderWithoutThePlansGpu_IsTheClosestAlternativeTheRefusalNames(string plan, string provider)
    {
        var p = TestPlans.Load(plan);
        var ex = Assert.Throws<VmTargetException>(() => VmTestData.Generate(plan, provider));

        var quote = Pricer.Price(p, p.Recommendations[0]).For(new CloudProvider(provider));

        Assert.NotNull(quote);
        Assert.Equal(VmInstanceMatch.Closest, quote.Match);
        Assert.Contains($"Closest on {provider}: {quote.Instance.Type} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_IsTheVmsThatCarryTheReplicas_AtTheCatalogPrice_ForThePlansHoursPerMonth()
    {
        var plan = TestPlans.Load(TestPlans.Deferred);
        plan = plan with { Constraints = plan.Constraints with { Costs = new CostAssumptions { HoursPerMonth = 720 } } };
        var r = plan.Recommendations[0];
        Assert.True(r.Replicas > 1);

        var alternative = Pricer.Price(plan, r);

        Assert.Equal(720, alternative.HoursPerMonth);
        foreach (var q in alternative.Quotes)
        {
            var row = VmTestData.Instances.Instances.Single(i => i.Provider == q.Provider && i.Type == q.Instance.Type);
            var vms = (r.Replicas + q.Choice.ReplicasPerVm - 1) / q.Choice.ReplicasPerVm;
            Assert.Equal(vms, q.VmCount);
            Assert.Equal(row.OnDemandUsdPerHour, q.VmUsdPerHour);
            Assert.Equal(row.OnDemandUsdPerHour * vms, q.TotalUsdPerHour, 9);
            Assert.Equal(row.OnDemandUsdPerHour * vms * 720, q.MonthlyUsd, 6);
        }
    }

    [Fact]
    public void Price_ProvidersWhoseInstancesCannotHoldAReplica_AreUnavailable()
    {
        var plan = TestPlans.Load(TestPlans.Llama70B);
        var tiny = VmTestData.Instances.Instances.Where(i => i.GpuCount == 1 && i.Gpu == GpuType.L4).ToList();
        Assert.NotEmpty(tiny);

        var alternative = new SingleVmPricer(TestPlans.Catalog, new CloudInstanceCatalog(tiny)).Price(plan, plan.Recommendations[0]);

        Assert.Empty(alternative.Quotes);
        Assert.Equal(tiny.Select(i => i.Provider).Distinct(), alternative.Unavailable);
        var json = SingleVmJson.ToJsonObject(alternative);
        Assert.All(json["providers"]!.AsArray(), p => Assert.Equal("none", p!["match"]!.GetValue<string>()));
    }

    [Fact]
    public void Json_HasAnEntryPerProvider_WithTheInstanceAndItsPrices()
    {
        var plan = TestPlans.Load(TestPlans.Deferred);
        var alternative = Pricer.Price(plan, plan.Recommendations[0]);

        var json = SingleVmJson.ToJsonObject(alternative);

        Assert.Equal(alternative.HoursPerMonth, json["hoursPerMonth"]!.GetValue<double>());
        Assert.Equal(alternative.ReplicaMemoryGiB, json["replicaMemoryGiB"]!.GetValue<double>());
        var providers = json["providers"]!.AsArray();
        Assert.Equal(VmTestData.Instances.Providers.Select(p => p.Value), providers.Select(p => p!["provider"]!.GetValue<string>()));
        foreach (var q in alternative.Quotes)
        {
            var entry = providers.Single(p => p!["provider"]!.GetValue<string>() == q.Provider.Value)!;
            Assert.Equal(SingleVmJson.Name(q.Match), entry["match"]!.GetValue<string>());
            Assert.Equal(q.Instance.Type, entry["instance"]!["type"]!.GetValue<string>());
            Assert.Equal(q.Instance.Gpu.Value, entry["instance"]!["gpu"]!.GetValue<string>());
            Assert.Equal(q.VmCount, entry["vmCount"]!.GetValue<int>());
            Assert.Equal(q.Choice.ReplicasPerVm, entry["replicasPerVm"]!.GetValue<int>());
            Assert.Equal(q.Replicas, entry["replicas"]!.GetValue<int>());
            Assert.Equal(q.IdleGpus, entry["idleGpus"]!.GetValue<int>());
            Assert.Equal(q.VmUsdPerHour, entry["vmUsdPerHour"]!.GetValue<double>());
            Assert.Equal(Math.Round(q.MonthlyUsd, 2), entry["monthlyUsd"]!.GetValue<double>());
            Assert.Equal(q.Instance.AsOf, entry["priceAsOf"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Json_AddedToAPlan_IsIgnoredWhenThePlanIsReadBack()
    {
        var plan = TestPlans.Load(TestPlans.Llama70B);
        var node = JsonSerializer.SerializeToNode(plan, CompassJson.Options)!.AsObject();

        SingleVmJson.AddTo(node, Pricer.Price(plan));

        Assert.All(node["recommendations"]!.AsArray(), r => Assert.NotNull(r![SingleVmJson.PropertyName]));
        var again = PlanFile.Parse(node.ToJsonString());
        Assert.Equal(JsonSerializer.Serialize(plan, CompassJson.Options), JsonSerializer.Serialize(again, CompassJson.Options));
    }
}
