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

public sealed class EmbeddedDataCorrectionsTests
{
    private static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    [Fact]
    public void Gpus_UseDenseNotSparseTflops()
    {
        foreach (var gpu in Catalog.Gpus)
        {
            // FP8 is twice BF16 on every generation listed; a 4× ratio would mean a sparse figure slipped in.
            if (gpu.Fp8Tflops is { } fp8)
            {
                Assert.InRange(fp8 / gpu.Bf16Tflops, 1.9, 2.1);
            }
        }

        Assert.Equal(733, Catalog.GetGpu(GpuType.L40S)!.Fp8Tflops); // BLIS lists the sparse 1466
    }

    [Fact]
    public void Models_HaveTheirRealContextWindows()
    {
        // Upstream listed gpt-oss with 8k context and some W4A16 checkpoints as 7B models.
        Assert.Equal(131_072, Catalog.GetModel(ModelId.GptOss20B)!.Architecture.MaxContext);
        Assert.True(Catalog.ResolveModel("gpt-oss-120b").Spec.WeightBytes(Quantization.MxFp4) < 70e9);
    }

    [Fact]
    public void UseCases_UseTheCorrectedId()
    {
        Assert.NotNull(Catalog.FindUseCase(UseCase.ContentGeneration));
        Assert.Null(Catalog.FindUseCase(new UseCase("content_creation")));
    }

    [Fact]
    public void EveryBlisCheckpoint_MapsToAModelAndFormat()
    {
        var checkpoints = Catalog.Benchmarks.Select(b => (b.Model, b.Quantization)).Distinct().ToArray();
        Assert.Equal(28, checkpoints.Length);
        Assert.All(checkpoints, c => Assert.NotNull(Catalog.GetModel(c.Model)!.FindFormat(c.Quantization)));
    }

    [Fact]
    public async Task EachPart_ReadAlone_IsTheSameAsTheCatalogs()
    {
        // Each part is read on its own (so that listing GPUs does not read the benchmark table); a part read alone must be
        // the very list the catalog holds, with quality scores attached to the models.
        var kb = new EmbeddedKnowledgeBase();
        Assert.Equal(Catalog.Gpus, await kb.GetGpusAsync());
        Assert.Equal(Catalog.UseCases, await kb.GetUseCasesAsync());
        Assert.Equal(Catalog.Benchmarks, await kb.GetBenchmarksAsync());
        var models = await kb.GetModelsAsync();
        Assert.Equal(Catalog.Models, models);
        Assert.Contains(models, m => m.Quality.Count > 0);
    }
}
