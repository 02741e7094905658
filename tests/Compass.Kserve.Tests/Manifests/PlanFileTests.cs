using System.Text.Json;
using Compass.Core.Serialization;
using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests.Manifests;

public sealed class PlanFileTests
{
    [Fact]
    public void CliOutput_WithExtraction_RoundTrips()
    {
        var json = File.ReadAllText(TestPlans.PlanPath(TestPlans.Chatbot));
        Assert.Contains("\"extraction\"", json, StringComparison.Ordinal);

        var plan = PlanFile.Parse(json);
        var again = PlanFile.Parse(JsonSerializer.Serialize(plan, CompassJson.Options));

        Assert.Equal(plan.Recommendations[0].Model, again.Recommendations[0].Model);
        Assert.Equal(plan.Traffic.PromptTokens, again.Traffic.PromptTokens);
    }

    [Fact]
    public void SavedPlanOutput_WithItsId_IsReadBack()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPlans.PlanPath(TestPlans.Chatbot)))!.AsObject();
        node["savedPlanId"] = Guid.NewGuid().ToString();

        var plan = PlanFile.Parse(node.ToJsonString());

        Assert.NotEmpty(plan.Recommendations);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{}", "'schemaVersion' is missing")]
    [InlineData("{\"schemaVersion\":\"9\"}", "schema version '9' is not supported")]
    [InlineData("{\"schemaVersion\":\"1\",\"traffic\":1}", "not a valid Compass plan")]
    public void BadFiles_AreOneLineErrors(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => PlanFile.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
