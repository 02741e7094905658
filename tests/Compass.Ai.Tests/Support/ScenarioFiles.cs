using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Ai.Tests.Support;

/// <summary>The labelled upstream scenarios, and scripted LLM answers that state each scenario's expected fields.</summary>
internal static class ScenarioFiles
{
    public static readonly Lazy<IntentScenarioSet> Upstream = new(() => Load("intent_extraction_scenarios.json"));

    public static IntentScenarioSet Load(string name)
        => IntentScenarioSet.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", name)));

    public static IEnumerable<object[]> Ids(Lazy<IntentScenarioSet> set) => set.Value.Scenarios.Select(s => new object[] { s.Id });

    /// <summary>
    /// The answer an ideal LLM would give for a scenario: the expected use case, a user count inside the expected
    /// range, the expected priorities (mentioned unless medium), GPUs and models named as a user would write them.
    /// Experience class and domains are not in the schema; they follow from the use case.
    /// </summary>
    public static IntentAnswer AnswerFor(IntentScenario scenario, KnowledgeCatalog catalog)
    {
        FieldExpectation? Expected(string field) => scenario.Expected.FirstOrDefault(e => e.Field == field);
        (string, bool) Priority(string field) => Expected(field) is { Values.Length: > 0 } e ? (e.Values[0], e.Values[0] != "medium") : ("medium", false);

        var answer = new IntentAnswer
        {
            UseCase = Expected("use_case")?.Values.FirstOrDefault() ?? "chatbot_conversational",
            UseCaseMentioned = Expected("use_case") is not null,
            Latency = Priority("latency_priority"),
            Cost = Priority("cost_priority"),
            Accuracy = Priority("accuracy_priority"),
        };

        if (Expected("user_count") is { } users)
        {
            var count = users.Min is { } min && min >= 1 ? min : users.Max ?? 100;
            answer = answer with { UserCount = JsonValue.Create((int)count) };
        }

        if (Expected("preferred_gpu_types") is { Values.Length: > 0 } gpus)
        {
            answer = answer with { Gpus = gpus.Kind == ExpectationKind.ContainsAny ? [gpus.Values[0]] : [.. gpus.Values] };
        }

        if (Expected("preferred_models") is { Values.Length: > 0 } models)
        {
            // A partial name ("llama") stands for any model of the family: answer with the first such model's first alias.
            answer = answer with
            {
                Models = [.. models.Values.Select(v => catalog.Models.First(m => m.Id.Value.Contains(v, StringComparison.OrdinalIgnoreCase)))
                    .Select(m => m.Aliases.FirstOrDefault() ?? m.Id.Value)],
            };
        }

        return answer;
    }
}
