using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

/// <summary>The labelled scenario files under tests/data.</summary>
internal static class ScenarioFiles
{
    public static readonly Lazy<IntentScenarioSet> Upstream = new(() => Load("intent_extraction_scenarios.json"));

    public static readonly Lazy<IntentScenarioSet> Extra = new(() => Load("intent_extraction_extra.json"));

    public static IntentScenarioSet Load(string name)
        => IntentScenarioSet.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", name)));

    public static IEnumerable<object[]> Ids(Lazy<IntentScenarioSet> set) => set.Value.Scenarios.Select(s => new object[] { s.Id });
}
