using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Knowledge;

/// <summary>
/// The embedded documents are read by hand (<see cref="EmbeddedDocumentReader"/>), so that a fresh process does not
/// JIT-compile the serializer's converters; user documents are read by the serializer (<see cref="KnowledgeBaseReader"/>).
/// Each embedded document must read exactly as the serializer reads it, and the hand reader must refuse what it does not
/// know rather than drop it.
/// </summary>
public sealed class EmbeddedDocumentReadingTests
{
    [Fact]
    public void Models_ReadTheSameByHand() => AssertSame(
        s => KnowledgeBaseReader.ReadModels(s, "models.json"),
        s => EmbeddedDocumentReader.ReadModels(s, "models.json"),
        "models.json");

    [Fact]
    public void QualityScores_AttachTheSameByHand()
    {
        var models = KnowledgeBaseReader.ReadModels(EmbeddedKnowledgeBase.OpenDocument("models.json"), "models.json");
        AssertSame(
            s => KnowledgeBaseReader.AttachQuality(s, "quality.json", models),
            s => EmbeddedDocumentReader.AttachQuality(s, "quality.json", models),
            "quality.json");
    }

    [Fact]
    public void Gpus_ReadTheSameByHand() => AssertSame(
        s => KnowledgeBaseReader.ReadGpus(s, "gpus.json"),
        s => EmbeddedDocumentReader.ReadGpus(s, "gpus.json"),
        "gpus.json");

    [Fact]
    public void UseCases_ReadTheSameByHand() => AssertSame(
        s => KnowledgeBaseReader.ReadUseCases(s, "use-cases.json"),
        s => EmbeddedDocumentReader.ReadUseCases(s, "use-cases.json"),
        "use-cases.json");

    [Fact]
    public void Calibrations_ReadTheSameByHand() => AssertSame(
        s => KnowledgeBaseReader.ReadCalibrations(s, "engine-calibration.json"),
        s => EmbeddedDocumentReader.ReadCalibrations(s, "engine-calibration.json"),
        "engine-calibration.json");

    [Fact]
    public void ThePropertiesADocumentLeavesOut_KeepTheirInitializers_AsWithTheSerializer()
    {
        // slo.percentile (95), maxGpusPerNode (8), activationTraffic (4) and calibrated (true) have initializers that
        // a left-out property must keep (the compile-time serializer metadata used before lost them: dotnet/runtime#84484).
        var useCases = Without("use-cases.json", "useCases", d => d["slo"]!.AsObject().Remove("percentile"));
        var gpus = Without("gpus.json", "gpus", d => d.AsObject().Remove("maxGpusPerNode"));
        var calibrations = Without("engine-calibration.json", "calibrations", d => d.AsObject().Remove("activationTraffic") && d.AsObject().Remove("calibrated"));

        Assert.Equal(95, EmbeddedDocumentReader.ReadUseCases(Stream(useCases), "use-cases.json")[0].Slo.Percentile);
        Assert.Equal(8, EmbeddedDocumentReader.ReadGpus(Stream(gpus), "gpus.json")[0].MaxGpusPerNode);
        Assert.Equal(4, EmbeddedDocumentReader.ReadCalibrations(Stream(calibrations), "engine-calibration.json")[0].ActivationTraffic);
        Assert.True(EmbeddedDocumentReader.ReadCalibrations(Stream(calibrations), "engine-calibration.json")[0].Calibrated);
        Assert.Equal(Serialize(KnowledgeBaseReader.ReadUseCases(Stream(useCases), "u")), Serialize(EmbeddedDocumentReader.ReadUseCases(Stream(useCases), "u")));
        Assert.Equal(Serialize(KnowledgeBaseReader.ReadGpus(Stream(gpus), "g")), Serialize(EmbeddedDocumentReader.ReadGpus(Stream(gpus), "g")));
        Assert.Equal(
            Serialize(KnowledgeBaseReader.ReadCalibrations(Stream(calibrations), "c")),
            Serialize(EmbeddedDocumentReader.ReadCalibrations(Stream(calibrations), "c")));
    }

    [Fact]
    public void APropertyTheReaderDoesNotKnow_IsRefused_SoNoFieldIsDroppedSilently()
    {
        // A field added to a domain type and to an embedded document but not to the hand reader must fail these tests,
        // not read as its default.
        var json = Without("gpus.json", "gpus", d =>
        {
            d["coolingWatts"] = 40;
            return true;
        });

        var error = Assert.Throws<KnowledgeBaseException>(() => EmbeddedDocumentReader.ReadGpus(Stream(json), "gpus.json"));

        Assert.Contains("gpus.json: gpus[0].coolingWatts: unknown property", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memoryGiB", "\"lots\"", "gpus[0].memoryGiB: expected a number, found string")]
    [InlineData("maxGpusPerNode", "2.5", "gpus[0].maxGpusPerNode: expected a whole number, found number")]
    [InlineData("memoryGiB", "-1", "gpus[0]: ")]
    [InlineData("type", "\" \"", "gpus[0].type: A GPU type must not be empty.")]
    public void AWrongValue_IsReportedWithItsPath(string property, string value, string expected)
    {
        var json = Without("gpus.json", "gpus", d =>
        {
            d[property] = JsonNode.Parse(value);
            return true;
        });

        var error = Assert.Throws<KnowledgeBaseException>(() => EmbeddedDocumentReader.ReadGpus(Stream(json), "gpus.json"));

        Assert.StartsWith("gpus.json: " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequiredPropertyLeftOut_IsReportedWithItsPath()
    {
        var json = Without("models.json", "models", d => d["architecture"]!.AsObject().Remove("layers"));

        var error = Assert.Throws<KnowledgeBaseException>(() => EmbeddedDocumentReader.ReadModels(Stream(json), "models.json"));

        Assert.Equal("models.json: models[0].architecture: the required property 'layers' is missing.", error.Message);
    }

    [Fact]
    public void TheComparison_SeesEveryValue_SoItWouldCatchADifference()
    {
        // The comparisons above serialize both readings; one changed number in one GPU must make them differ.
        var changed = Without("gpus.json", "gpus", d =>
        {
            d["tdpWatts"] = d["tdpWatts"]!.GetValue<double>() + 1;
            return true;
        });

        var original = KnowledgeBaseReader.ReadGpus(EmbeddedKnowledgeBase.OpenDocument("gpus.json"), "gpus.json");
        var handRead = EmbeddedDocumentReader.ReadGpus(Stream(changed), "gpus.json");

        Assert.Equal(original.Length, handRead.Length);
        Assert.NotEqual(Serialize(original), Serialize(handRead));
    }

    private static void AssertSame<T>(Func<Stream, ImmutableArray<T>> serializer, Func<Stream, ImmutableArray<T>> byHand, string document)
    {
        var expected = serializer(EmbeddedKnowledgeBase.OpenDocument(document));
        var actual = byHand(EmbeddedKnowledgeBase.OpenDocument(document));
        Assert.NotEmpty(expected);
        Assert.Equal(Serialize(expected), Serialize(actual));
    }

    // The embedded document with the first item of its list changed by edit (which returns whether it applied).
    private static string Without(string document, string list, Func<JsonNode, bool> edit)
    {
        var root = JsonNode.Parse(Embedded(document))!;
        Assert.True(edit(root[list]![0]!));
        return root.ToJsonString();
    }

    private static string Serialize<T>(ImmutableArray<T> values) => JsonSerializer.Serialize(values, CompassJson.Options);

    private static string Embedded(string document)
    {
        using var reader = new StreamReader(EmbeddedKnowledgeBase.OpenDocument(document), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}
