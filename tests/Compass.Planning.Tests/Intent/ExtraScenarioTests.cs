using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

/// <summary>Compass's own hard cases: number forms, budgets, GPU lists and negations, languages, injection.</summary>
public sealed class ExtraScenarioTests
{
    private static readonly DeterministicIntentExtractor Extractor = new(TestCatalog.Catalog);

    public static IEnumerable<object[]> Scenarios => ScenarioFiles.Ids(ScenarioFiles.Extra);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_ExtractsEveryExpectedField(string id)
    {
        var scenario = ScenarioFiles.Extra.Value.Scenarios.Single(s => s.Id == id);
        var result = IntentScenarioEvaluator.Evaluate(scenario, await Extractor.ExtractAsync(scenario.UserMessage, scenario.History));
        Assert.True(result.Passed, string.Join("; ", result.Fields.Where(f => !f.Passed).Select(f => $"{f.Field}: expected {f.Expected}, got {f.Actual}")));
    }
}
