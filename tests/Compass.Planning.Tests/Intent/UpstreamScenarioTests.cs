using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

/// <summary>The 43 labelled prompts of llm-d-planner, every expected field checked.</summary>
public sealed class UpstreamScenarioTests
{
    private static readonly DeterministicIntentExtractor Extractor = new(TestCatalog.Catalog);

    public static IEnumerable<object[]> Scenarios => ScenarioFiles.Ids(ScenarioFiles.Upstream);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_ExtractsEveryExpectedField(string id)
    {
        var scenario = ScenarioFiles.Upstream.Value.Scenarios.Single(s => s.Id == id);
        var result = IntentScenarioEvaluator.Evaluate(scenario, await Extractor.ExtractAsync(scenario.UserMessage, scenario.History));
        Assert.True(result.Passed, string.Join("; ", result.Fields.Where(f => !f.Passed).Select(f => $"{f.Field}: expected {f.Expected}, got {f.Actual}")));
    }

    [Fact]
    public async Task PassRate_IsAtLeast90Percent()
    {
        var report = await IntentScenarioEvaluator.RunAsync(Extractor, ScenarioFiles.Upstream.Value);
        Assert.Equal(43, report.Results.Length);
        Assert.True(report.PassRate >= 0.9, $"pass rate {report.PassRate:P1}");
    }
}
