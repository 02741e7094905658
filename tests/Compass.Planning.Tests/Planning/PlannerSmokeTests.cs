using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Performance;
using Compass.Planning.Specification;
using Xunit.Abstractions;

namespace Compass.Planning.Tests.Planning;

public sealed class PlannerSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Plan_Chatbot5000Users_Recommends()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var intent = new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000, LatencyPriority = Priority.High };
        var request = SpecificationBuilder.Build(intent, catalog);
        var plan = new CapacityPlanner(catalog, new BenchmarkPerformanceModel(catalog)).Plan(request);
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(plan, CompassJson.Options));
        Assert.NotEmpty(plan.Recommendations);
    }
}
