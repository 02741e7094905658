using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>How an expected field is checked.</summary>
internal enum ExpectationKind
{
    /// <summary>The value (or the list, in any order) equals the expected one.</summary>
    Exact,

    /// <summary>The value is one of the expected ones.</summary>
    OneOf,

    /// <summary>The list holds every expected item.</summary>
    Contains,

    /// <summary>The list holds at least one expected item.</summary>
    ContainsAny,

    /// <summary>At least one item of the list contains one of the expected strings (case-insensitive).</summary>
    ContainsAnyPartial,

    /// <summary>The number lies within [min, max].</summary>
    Range,
}

/// <summary>One expected field of a labelled scenario.</summary>
/// <param name="Field">The field (<c>use_case</c>, <c>user_count</c>…).</param>
/// <param name="Kind">How it is checked.</param>
/// <param name="Values">The expected values, as lower-case-insensitive strings.</param>
/// <param name="Min">The lower bound of a range.</param>
/// <param name="Max">The upper bound of a range.</param>
internal sealed record FieldExpectation(string Field, ExpectationKind Kind, ImmutableArray<string> Values, double? Min = null, double? Max = null)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ExpectationKind.Range => string.Create(CultureInfo.InvariantCulture, $"{Min?.ToString("N0", CultureInfo.InvariantCulture) ?? "-∞"}..{Max?.ToString("N0", CultureInfo.InvariantCulture) ?? "∞"}"),
        ExpectationKind.Exact => "[" + string.Join(", ", Values) + "]",
        _ => $"{Kind} [{string.Join(", ", Values)}]",
    };
}

/// <summary>A labelled prompt: what a user said (and before), and what a correct extraction contains.</summary>
/// <param name="Id">The scenario id.</param>
/// <param name="Description">What it tests.</param>
/// <param name="UserMessage">The latest message.</param>
/// <param name="History">Earlier turns.</param>
/// <param name="Expected">The expected fields.</param>
internal sealed record IntentScenario(string Id, string Description, string UserMessage, ImmutableArray<ConversationTurn> History, ImmutableArray<FieldExpectation> Expected);

/// <summary>
/// A set of labelled intent-extraction scenarios, in the format of llm-d-planner's
/// <c>intent_extraction_scenarios.json</c>: <c>scenarios[]</c> with <c>id</c>, <c>description</c>, <c>user_message</c>,
/// <c>conversation_history</c> and <c>expected</c> fields given as a bare value or as <c>exact</c>, <c>one_of</c>,
/// <c>contains</c>, <c>contains_any</c>, <c>contains_any_partial</c> or <c>min</c>/<c>max</c>.
/// </summary>
internal sealed class IntentScenarioSet
{
    /// <summary>The fields a scenario may check.</summary>
    public static readonly ImmutableArray<string> Fields =
    [
        "use_case", "experience_class", "user_count", "expected_qps", "preferred_gpu_types", "preferred_models",
        "accuracy_priority", "cost_priority", "latency_priority", "domain_specialization", "max_monthly_cost_usd", "deployment_model",
    ];

    private IntentScenarioSet(ImmutableArray<IntentScenario> scenarios) => Scenarios = scenarios;

    /// <summary>Gets the scenarios.</summary>
    public ImmutableArray<IntentScenario> Scenarios { get; }

    /// <summary>Parses a scenario file.</summary>
    /// <param name="json">The file's contents.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">The file is not valid; the message names the scenario and field.</exception>
    public static IntentScenarioSet Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The scenario file is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("scenarios", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The scenario file must be an object with a 'scenarios' array.");
            }

            var scenarios = new List<IntentScenario>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var id = item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : $"#{index}";
                var where = $"scenario '{id}'";
                index++;
                if (!item.TryGetProperty("user_message", out var message) || message.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(message.GetString()))
                {
                    throw new FormatException($"{where} has no user_message.");
                }

                var history = ImmutableArray<ConversationTurn>.Empty;
                if (item.TryGetProperty("conversation_history", out var turns) && turns.ValueKind == JsonValueKind.Array)
                {
                    history = [.. turns.EnumerateArray().Select(t => new ConversationTurn(
                        t.TryGetProperty("role", out var r) ? r.GetString() ?? "user" : "user",
                        t.TryGetProperty("content", out var c) ? c.GetString() ?? string.Empty : throw new FormatException($"{where}: a conversation turn has no content.")))];
                }

                if (!item.TryGetProperty("expected", out var expected) || expected.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{where} has no 'expected' object.");
                }

                var expectations = expected.EnumerateObject().Select(p => ReadExpectation(where, p)).ToImmutableArray();
                var description = item.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
                scenarios.Add(new IntentScenario(id, description, message.GetString()!, history, expectations));
            }

            if (scenarios.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count() != scenarios.Count)
            {
                throw new FormatException("Two scenarios share an id; ids must be unique.");
            }

            return new IntentScenarioSet([.. scenarios]);
        }
    }

    private static FieldExpectation ReadExpectation(string where, JsonProperty property)
    {
        var field = property.Name;
        if (!Fields.Contains(field))
        {
            throw new FormatException($"{where}: unknown expected field '{field}'. Known: {string.Join(", ", Fields)}.");
        }

        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new FieldExpectation(field, ExpectationKind.Exact, Strings(where, field, value));
        }

        var keys = value.EnumerateObject().Select(p => p.Name).ToArray();
        if (keys.All(k => k is "min" or "max"))
        {
            return new FieldExpectation(field, ExpectationKind.Range, [], Number(where, field, value, "min"), Number(where, field, value, "max"));
        }

        if (keys.Length != 1)
        {
            throw new FormatException($"{where}: '{field}' must have one of exact, one_of, contains, contains_any, contains_any_partial, or min/max.");
        }

        var kind = keys[0] switch
        {
            "exact" => ExpectationKind.Exact,
            "one_of" => ExpectationKind.OneOf,
            "contains" => ExpectationKind.Contains,
            "contains_any" => ExpectationKind.ContainsAny,
            "contains_any_partial" => ExpectationKind.ContainsAnyPartial,
            var other => throw new FormatException($"{where}: '{field}' uses the unknown constraint '{other}'. Use exact, one_of, contains, contains_any, contains_any_partial, or min/max."),
        };
        return new FieldExpectation(field, kind, Strings(where, field, value.GetProperty(keys[0])));
    }

    private static ImmutableArray<string> Strings(string where, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray().Select(v => Scalar(where, field, v))],
        JsonValueKind.Null => [],
        _ => [Scalar(where, field, value)],
    };

    private static string Scalar(string where, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new FormatException($"{where}: '{field}' must hold strings or numbers."),
    };

    private static double? Number(string where, string field, JsonElement value, string name)
    {
        if (!value.TryGetProperty(name, out var n))
        {
            return null;
        }

        return n.ValueKind == JsonValueKind.Number ? n.GetDouble() : throw new FormatException($"{where}: '{field}.{name}' must be a number.");
    }
}
