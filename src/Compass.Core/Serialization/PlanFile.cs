using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;

namespace Compass.Core.Serialization;

/// <summary>
/// Reads a plan saved by <c>compass plan --json</c>: the <see cref="Plan"/> with <see cref="CompassJson.Options"/>, plus
/// the properties the CLI adds (<c>extraction</c>, <c>savedPlanId</c>, and <c>singleVm</c> in each recommendation), checking
/// <c>schemaVersion</c>.
/// </summary>
public static class PlanFile
{
    /// <summary>The plan schema version this version of Compass reads and writes.</summary>
    public const string SupportedSchemaVersion = "1";

    // Added by the CLI: the extraction behind the plan, and the id under which --save stored it.
    private static readonly string[] HostProperties = ["extraction", "savedPlanId"];

    // Added to each recommendation by the hosts (the single-VM prices of Compass.Kserve's SingleVmJson); not part of the plan.
    private static readonly string[] RecommendationHostProperties = ["singleVm"];

    /// <summary>Parses a plan from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The text is not a Compass plan; the message says why in one line.</exception>
    public static Plan Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FormatException("A plan file must hold a JSON object (a Plan serialized with CompassJson.Options).");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON ({ex.Message.Split(". ")[0]}). A plan file holds a Plan serialized with CompassJson.Options.", ex);
        }

        var version = root["schemaVersion"] is JsonValue v && v.TryGetValue(out string? text) ? text : null;
        if (version is null)
        {
            throw new FormatException("not a Compass plan: 'schemaVersion' is missing. A plan file holds a Plan serialized with CompassJson.Options.");
        }

        if (!string.Equals(version, SupportedSchemaVersion, StringComparison.Ordinal))
        {
            throw new FormatException($"plan schema version '{version}' is not supported; this Compass reads version {SupportedSchemaVersion}.");
        }

        foreach (var property in HostProperties)
        {
            root.Remove(property);
        }

        if (root["recommendations"] is JsonArray recommendations)
        {
            foreach (var recommendation in recommendations.OfType<JsonObject>())
            {
                foreach (var property in RecommendationHostProperties)
                {
                    recommendation.Remove(property);
                }
            }
        }

        try
        {
            return root.Deserialize<Plan>(CompassJson.Options)
                ?? throw new FormatException("The plan file is empty.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a valid Compass plan at {ex.Path ?? "$"}: {FirstSentence(ex.InnerException?.Message ?? ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"not a valid Compass plan: {FirstSentence(ex.Message)}", ex);
        }
    }

    /// <summary>Reads a plan from a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="FormatException">The file is not a Compass plan.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<Plan> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(json);
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? line[..(end + 1)] : line;
    }
}
