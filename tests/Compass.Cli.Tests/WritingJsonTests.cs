using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Cli.Tests;

/// <summary>The source-generated writing options (used by plan --json and catalog --json) write exactly what reflection writes.</summary>
public sealed class WritingJsonTests
{
    [Fact]
    public async Task Plan_WritesTheSameJsonAsReflection()
    {
        var run = await CliRun.RunAsync("plan", "customer service chatbot for 5000 users, low latency", "--json");
        var plan = PlanFile.Parse(run.Stdout);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.NotEmpty(plan.Recommendations);
        Assert.Equal(JsonSerializer.Serialize(plan, CompassJson.Options), JsonSerializer.Serialize(plan, CompassJson.Writing));
    }

    [Fact]
    public void CatalogLists_WriteTheSameJsonAsReflection()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;

        Assert.Equal(JsonSerializer.Serialize(catalog.Models, CompassJson.Options), JsonSerializer.Serialize(catalog.Models, CompassJson.Writing));
        Assert.Equal(JsonSerializer.Serialize(catalog.Gpus, CompassJson.Options), JsonSerializer.Serialize(catalog.Gpus, CompassJson.Writing));
        Assert.Equal(JsonSerializer.Serialize(catalog.UseCases, CompassJson.Options), JsonSerializer.Serialize(catalog.UseCases, CompassJson.Writing));
    }
}
