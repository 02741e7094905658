using Compass.Core.Knowledge;

namespace Compass.Core.Tests.Knowledge;

public sealed class EmbeddedKnowledgeBaseTests
{
    private static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    [Fact]
    public void Catalog_Loads_AllNineUseCases()
    {
        Assert.Equal(UseCase.WellKnown.OrderBy(u => u.Value), Catalog.UseCases.Select(u => u.Id).OrderBy(u => u.Value));
    }

    [Theory]
    [InlineData("L4")]
    [InlineData("A10G")]
    [InlineData("L40S")]
    [InlineData("A100-40")]
    [InlineData("A100-80")]
    [InlineData("H100")]
    [InlineData("H200")]
    [InlineData("B200")]
    [InlineData("MI300X")]
    public void Catalog_HasRequiredGpu(string gpu)
    {
        Assert.NotNull(Catalog.GetGpu(GpuType.Parse(gpu)));
    }

    [Fact]
    public void Benchmarks_KeepEveryRateOfEverySweep()
    {
        // 1,383 upstream rows, 101 of them exact duplicates.
        Assert.Equal(1282, Catalog.Benchmarks.Length);
        var sweep = Catalog.BenchmarksFor(ModelId.Llama31Instruct8B, Quantization.Bf16, GpuType.H100, 1)
            .Where(p => p.PromptTokens == 512).ToArray();
        Assert.Equal(10, sweep.Length);
        Assert.Equal(10, sweep.Select(p => p.RequestRate).Distinct().Count());
    }
}
