using System.Text.Json.Nodes;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>The JSON form of an <see cref="IntentExtraction"/>, as <c>compass extract --json</c> prints it and the API returns it.</summary>
public static class IntentExtractionJson
{
    /// <summary>Converts an extraction to its JSON object (camelCase; priorities and the deployment model in lower case).</summary>
    /// <param name="extraction">The extraction.</param>
    /// <returns>A new JSON object.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="extraction"/> is null.</exception>
    public static JsonObject ToJsonObject(IntentExtraction extraction)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var i = extraction.Intent;
        return new JsonObject
        {
            ["useCase"] = i.UseCase.Value,
            ["userCount"] = i.UserCount,
            ["expectedQps"] = i.ExpectedQps,
            ["latencyPriority"] = Name(i.LatencyPriority),
            ["costPriority"] = Name(i.CostPriority),
            ["accuracyPriority"] = Name(i.AccuracyPriority),
            ["preferredGpuTypes"] = new JsonArray([.. i.PreferredGpuTypes.Select(g => (JsonNode)JsonValue.Create(g.Value)!)]),
            ["preferredModels"] = new JsonArray([.. i.PreferredModels.Select(m => (JsonNode)JsonValue.Create(m.Value)!)]),
            ["maxMonthlyCostUsd"] = i.MaxMonthlyCostUsd,
            ["deploymentModel"] = Name(i.DeploymentModel),
            ["usersAreConcurrent"] = i.UsersAreConcurrent,
            ["experienceClass"] = i.ExperienceClass?.Value,
            ["statedFields"] = new JsonArray([.. extraction.StatedFields.Select(f => (JsonNode)JsonValue.Create(f)!)]),
            ["extractor"] = extraction.Extractor,
            ["notes"] = new JsonArray([.. extraction.Notes.Select(n => (JsonNode)JsonValue.Create(n)!)]),
            ["hints"] = new JsonArray([.. extraction.Hints.Select(h => (JsonNode)new JsonObject { ["field"] = h.Field, ["note"] = h.Note })]),
        };
    }

#pragma warning disable CA1308 // The JSON names are lower case by contract, not normalized for comparison.
    private static string Name<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
