using System.Text.Json;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Primitives;

public sealed class OpenSetTests
{
    [Theory]
    [InlineData("content_creation", "content_generation")]
    [InlineData("RAG", "document_analysis_rag")]
    [InlineData("Code Generation", "code_generation_detailed")]
    [InlineData("chatbot", "chatbot_conversational")]
    [InlineData("long-document-summarization", "long_document_summarization")]
    public void UseCase_Parse_ResolvesAliases(string text, string expected)
    {
        Assert.Equal(expected, UseCase.Parse(text).Value);
        Assert.Equal(UseCase.Parse(text), UseCase.Parse(UseCase.Parse(text).Value));
    }

    [Theory]
    [InlineData("fp16", "bf16")]
    [InlineData("FP8-dynamic", "fp8")]
    [InlineData("int4", "w4a16")]
    [InlineData("AWQ", "w4a16")]
    [InlineData("int8", "w8a8")]
    [InlineData("mxfp4", "mxfp4")]
    public void Quantization_Parse_ResolvesAliases(string text, string expected)
    {
        Assert.Equal(expected, Quantization.Parse(text).Value);
    }

    [Fact]
    public void Quantization_Parse_Unknown_ListsTheKnownFormats()
    {
        var ex = Assert.Throws<FormatException>(() => Quantization.Parse("int3"));
        Assert.Contains("bf16, fp8, w8a8, w4a16, mxfp4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelId_RejectsWhitespace()
    {
        Assert.Throws<FormatException>(() => ModelId.Parse("meta llama/x"));
        Assert.Equal(ModelId.Llama31Instruct8B, ModelId.Parse("META-LLAMA/llama-3.1-8b-instruct"));
        Assert.Equal("Llama-3.1-8B-Instruct", ModelId.Llama31Instruct8B.Name);
    }

    [Fact]
    public void StringValues_SerializeAsTheirCanonicalString()
    {
        var json = JsonSerializer.Serialize(new { gpu = GpuType.Parse("nvidia-h100-80gb-hbm3"), useCase = UseCase.Parse("rag") }, CompassJson.Compact);
        Assert.Equal("""{"gpu":"H100","useCase":"document_analysis_rag"}""", json);
        Assert.Equal(GpuType.A100Sxm80, JsonSerializer.Deserialize<GpuType>("\"A100-80GB\"", CompassJson.Options));
    }

    [Fact]
    public void StringValues_RejectNonStringJson()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<GpuType>("42", CompassJson.Options));
        Assert.Contains("Expected a string", ex.Message, StringComparison.Ordinal);
    }
}
