using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Serialization;

namespace Compass.Planning.Service;

/// <summary>
/// The JSON form of a <see cref="PlanOutcome"/>, as <c>compass plan --json</c> prints it and the API returns it: the
/// plan (with <see cref="CompassJson.Options"/>) plus an <c>extraction</c> object (extractor, useCaseStated, notes, and hints: the field that resolves each note) when
/// the plan was made from a description.
/// </summary>
public static class PlanOutcomeJson
{
    /// <summary>Converts an outcome to its JSON object.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>A new JSON object the caller may change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    public static JsonObject ToJsonObject(PlanOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var node = JsonSerializer.SerializeToNode(outcome.Plan, CompassJson.Writing)!.AsObject();
        if (outcome.Extraction is { } extraction)
        {
            node["extraction"] = new JsonObject
            {
                ["extractor"] = extraction.Extractor,
                ["useCaseStated"] = extraction.UseCaseStated,
                ["notes"] = new JsonArray([.. extraction.Notes.Select(n => (JsonNode)JsonValue.Create(n)!)]),
                ["hints"] = new JsonArray([.. extraction.Hints.Select(h => (JsonNode)new JsonObject { ["field"] = h.Field, ["note"] = h.Note })]),
            };
        }

        return node;
    }
}
