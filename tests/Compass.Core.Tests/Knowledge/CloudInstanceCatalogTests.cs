using System.Text;
using Compass.Core.Knowledge;

namespace Compass.Core.Tests.Knowledge;

public sealed class CloudInstanceCatalogTests
{
    private static readonly Dictionary<string, string> PricingHosts = new(StringComparer.Ordinal)
    {
        ["aws"] = "aws.amazon.com",
        ["gcp"] = "cloud.google.com",
        ["azure"] = "azure.microsoft.com",
    };

    [Fact]
    public void Embedded_EveryRowIsAKnownGpuWithProvenanceFromItsProvidersPricingPage()
    {
        var catalog = CloudInstanceCatalog.Embedded;
        Assert.Equal(["aws", "gcp", "azure"], catalog.Providers.Select(p => p.Value));
        foreach (var instance in catalog.Instances)
        {
            var gpu = EmbeddedKnowledgeBase.Catalog.GetGpu(instance.Gpu);
            Assert.True(gpu is not null, $"{instance.Type}: GPU {instance.Gpu} is not in gpus.json");
            Assert.Equal("NVIDIA", gpu.Vendor);
            Assert.Equal("2026-12", instance.AsOf);
            Assert.Equal(PricingHosts[instance.Provider.Value], instance.Source.Host);

            // The provider's stated GPU memory (GB) and the catalog's (GiB, usable) describe the same part.
            Assert.InRange(instance.GpuMemoryGiB, gpu.MemoryGiB * 0.9, gpu.MemoryGiB * 1.12);
        }
    }

    [Fact]
    public void Fit_TakesTheFewestGpusThatHoldTheReplica_ThenTheCheapest()
    {
        var catalog = CloudInstanceCatalog.Embedded;
        foreach (var group in catalog.Instances.GroupBy(i => (i.Provider, i.Gpu)))
        {
            for (var tp = 1; tp <= 8; tp *= 2)
            {
                var fit = catalog.Fit(group.Key.Provider, group.Key.Gpu, tp);
                var candidates = group.Where(i => i.GpuCount >= tp).ToList();
                if (candidates.Count == 0)
                {
                    Assert.Null(fit);
                    continue;
                }

                Assert.NotNull(fit);
                Assert.Equal(candidates.Min(i => i.GpuCount), fit.GpuCount);
                Assert.Equal(candidates.Where(i => i.GpuCount == fit.GpuCount).Min(i => i.OnDemandUsdPerHour), fit.OnDemandUsdPerHour);
            }
        }
    }

    [Theory]
    [InlineData("""{"instances":[{"provider":"aws","type":"x","family":"X","gpu":"L4","gpuCount":0,"gpuMemoryGiB":24,"vcpus":4,"memoryGiB":16,"onDemandUsdPerHour":1,"region":"r","source":"https://a.example/","asOf":"2026-12"}]}""", "gpuCount")]
    [InlineData("""{"instances":[{"provider":"aws","type":"x","family":"X","gpu":"L4","gpuCount":1,"gpuMemoryGiB":24,"vcpus":4,"memoryGiB":16,"onDemandUsdPerHour":1,"region":"r","source":"http://a.example/","asOf":"2026-12"}]}""", "source")]
    [InlineData("""{"instances":[{"provider":"aws","type":"x","family":"X","gpu":"L4","gpuCount":1,"gpuMemoryGiB":24,"vcpus":4,"memoryGiB":16,"onDemandUsdPerHour":1,"region":"r","source":"https://a.example/","asOf":"Dec 2026"}]}""", "asOf")]
    [InlineData("""{"instances":[{"provider":"aws","type":"x","family":"X","gpu":"L4","gpuCount":1,"gpuMemoryGiB":24,"vcpus":4,"memoryGiB":16,"region":"r","source":"https://a.example/","asOf":"2026-12"}]}""", "onDemandUsdPerHour")]
    [InlineData("""{"rows":[]}""", "instances")]
    public void Read_RefusesARowWithoutItsFacts(string json, string field)
    {
        var ex = Assert.Throws<KnowledgeBaseException>(() => CloudInstanceCatalog.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json"));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }
}
