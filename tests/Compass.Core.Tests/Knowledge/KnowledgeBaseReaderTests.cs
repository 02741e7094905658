using System.Text;
using Compass.Core.Knowledge;

namespace Compass.Core.Tests.Knowledge;

public sealed class KnowledgeBaseReaderTests
{
    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("{", "gpus.json")]
    [InlineData("""{"gpus": [{"type": "X"}]}""", "missing required properties")]
    [InlineData("""{"gpus": [], "extra": 1}""", "extra")]
    [InlineData("""{"gpus": [{"type": "X", "displayName": "x", "vendor": "v", "memoryGiB": -1, "memoryBandwidthGBps": 1, "bf16Tflops": 1, "interconnectGBps": 1, "interconnect": "pcie", "tdpWatts": 1, "nodeSelectorValue": "x"}]}""", "MemoryGiB")]
    public void ReadGpus_BadDocument_NamesTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseReader.ReadGpus(Json(json), "gpus.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("gpus.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBlis_UnknownCheckpoint_IsAnError()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var row = """{"benchmarks": [{"model_hf_repo": "acme/unknown-7b", "hardware": "H100"}]}""";
        var ex = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBaseReader.ReadBlisBenchmarks(Json(row), "b.json", catalog.Models, catalog.Gpus));
        Assert.Contains("acme/unknown-7b", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_DuplicateModel_IsAnError()
    {
        var model = EmbeddedKnowledgeBase.Catalog.Models[0];
        var ex = Assert.Throws<KnowledgeBaseException>(() => new KnowledgeCatalog([model, model], [], [], []));
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_ClashingAliases_AreAnError()
    {
        var models = EmbeddedKnowledgeBase.Catalog.Models;
        var clash = models[1] with { Aliases = [.. models[1].Aliases, models[0].Id.Value] };
        var ex = Assert.Throws<KnowledgeBaseException>(() => new KnowledgeCatalog([models[0], clash], [], [], []));
        Assert.Contains("refers to both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_ResolvesQuantizedCheckpoints_ToTheirModelAndFormat()
    {
        var match = EmbeddedKnowledgeBase.Catalog.ResolveModel("RedHatAI/Qwen2.5-7B-Instruct-quantized.w4a16");
        Assert.Equal(ModelId.Qwen25Instruct7B, match.Spec.Id);
        Assert.Equal(Quantization.W4A16, match.Format!.Quantization);
        Assert.Null(EmbeddedKnowledgeBase.Catalog.ResolveModel("qwen2.5:7b").Format);
    }

    [Fact]
    public void Catalog_UnknownNames_SuggestCloseOnes()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;
        Assert.Contains("Did you mean H100?", Assert.Throws<UnknownNameException>(() => catalog.ResolveGpus("H10")).Message, StringComparison.Ordinal);
        Assert.Contains("meta-llama/Llama-3.1-8B-Instruct", Assert.Throws<UnknownNameException>(() => catalog.ResolveModel("llama-3.1-8c")).Message, StringComparison.Ordinal);
        Assert.Equal(2, catalog.ResolveGpus("A100").Length);
    }
}
