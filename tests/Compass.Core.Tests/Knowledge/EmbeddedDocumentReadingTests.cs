using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Knowledge;

/// <summary>
/// The embedded documents are read with compile-time metadata (<see cref="CompassJson.EmbeddedKnowledge"/>), which
/// loses an init-only property's initializer when a document leaves the property out (dotnet/runtime#84484). Each
/// embedded document must therefore read exactly as the reflection-based reader reads it.
/// </summary>
public sealed class EmbeddedDocumentReadingTests
{
    [Fact]
    public void Models_ReadTheSameWithGeneratedMetadata() => AssertSame(
        s => KnowledgeBaseReader.ReadModels(s, "models.json"),
        s => KnowledgeBaseReader.ReadModels(s, "models.json", CompassJson.EmbeddedKnowledge),
        "models.json");

    [Fact]
    public void QualityScores_AttachTheSameWithGeneratedMetadata()
    {
        var models = KnowledgeBaseReader.ReadModels(EmbeddedKnowledgeBase.OpenDocument("models.json"), "models.json");
        AssertSame(
            s => KnowledgeBaseReader.AttachQuality(s, "quality.json", models),
            s => KnowledgeBaseReader.AttachQuality(s, "quality.json", models, CompassJson.EmbeddedKnowledge),
            "quality.json");
    }

    [Fact]
    public void Gpus_ReadTheSameWithGeneratedMetadata() => AssertSame(
        s => KnowledgeBaseReader.ReadGpus(s, "gpus.json"),
        s => KnowledgeBaseReader.ReadGpus(s, "gpus.json", CompassJson.EmbeddedKnowledge),
        "gpus.json");

    [Fact]
    public void UseCases_ReadTheSameWithGeneratedMetadata() => AssertSame(
        s => KnowledgeBaseReader.ReadUseCases(s, "use-cases.json"),
        s => KnowledgeBaseReader.ReadUseCases(s, "use-cases.json", CompassJson.EmbeddedKnowledge),
        "use-cases.json");

    [Fact]
    public void Calibrations_ReadTheSameWithGeneratedMetadata() => AssertSame(
        s => KnowledgeBaseReader.ReadCalibrations(s, "engine-calibration.json"),
        s => KnowledgeBaseReader.ReadCalibrations(s, "engine-calibration.json", CompassJson.EmbeddedKnowledge),
        "engine-calibration.json");

    [Fact]
    public void AUseCaseThatLeavesOutItsPercentile_ReadsDifferently_SoTheComparisonWouldCatchIt()
    {
        // The comparisons above are only worth something if the two readers can differ: a use case without
        // slo.percentile (initializer 95, a value type) reads as 95 by reflection and as 0 with generated metadata.
        var document = JsonNode.Parse(Embedded("use-cases.json"))!;
        var useCase = document["useCases"]![0]!;
        Assert.True(useCase["slo"]!.AsObject().Remove("percentile"));
        var json = new JsonObject { ["useCases"] = new JsonArray(useCase.DeepClone()) }.ToJsonString();

        var reflection = KnowledgeBaseReader.ReadUseCases(Stream(json), "use-cases.json");
        var generated = KnowledgeBaseReader.ReadUseCases(Stream(json), "use-cases.json", CompassJson.EmbeddedKnowledge);

        Assert.Equal(95, reflection[0].Slo.Percentile);
        Assert.NotEqual(Serialize(reflection), Serialize(generated));
    }

    private static void AssertSame<T>(Func<Stream, ImmutableArray<T>> reflection, Func<Stream, ImmutableArray<T>> generated, string document)
    {
        var expected = reflection(EmbeddedKnowledgeBase.OpenDocument(document));
        var actual = generated(EmbeddedKnowledgeBase.OpenDocument(document));
        Assert.NotEmpty(expected);
        Assert.Equal(Serialize(expected), Serialize(actual));
    }

    private static string Serialize<T>(ImmutableArray<T> values) => JsonSerializer.Serialize(values, CompassJson.Options);

    private static string Embedded(string document)
    {
        using var reader = new StreamReader(EmbeddedKnowledgeBase.OpenDocument(document), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}
