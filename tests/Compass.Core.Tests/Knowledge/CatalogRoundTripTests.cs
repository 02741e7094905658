using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Core.Tests.Knowledge;

/// <summary>Every record of the embedded knowledge base survives being written and read back with Compass's JSON options (a database stores them so).</summary>
public sealed class CatalogRoundTripTests
{
    [Fact]
    public void Models_WithTheirQualityScoresKeyedByUseCase_RoundTrip() => RoundTrip(EmbeddedKnowledgeBase.Catalog.Models);

    [Fact]
    public void Gpus_RoundTrip() => RoundTrip(EmbeddedKnowledgeBase.Catalog.Gpus);

    [Fact]
    public void UseCases_RoundTrip() => RoundTrip(EmbeddedKnowledgeBase.Catalog.UseCases);

    [Fact]
    public void Calibrations_RoundTrip() => RoundTrip(EmbeddedKnowledgeBase.Catalog.Calibrations);

    private static void RoundTrip<T>(IEnumerable<T> items)
    {
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var json = JsonSerializer.Serialize(item, CompassJson.Compact);
            var back = JsonSerializer.Deserialize<T>(json, CompassJson.Compact);
            Assert.Equal(json, JsonSerializer.Serialize(back, CompassJson.Compact));
        }
    }
}
