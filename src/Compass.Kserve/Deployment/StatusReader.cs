using System.Globalization;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>Reads conditions, pods and events out of API objects.</summary>
internal static class StatusReader
{
    public static IReadOnlyList<DeploymentCondition> Conditions(JsonObject isvc)
        => [.. (isvc["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new DeploymentCondition(
            Text(c, "type") ?? "?", Text(c, "status") ?? "Unknown", Text(c, "reason"), Text(c, "message")))];

    public static Uri? Url(JsonObject isvc)
        => Text(isvc["status"] as JsonObject, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    public static bool Ready(IReadOnlyList<DeploymentCondition> conditions)
        => conditions.Any(c => c.Type == "Ready" && c.IsTrue);

    public static PodSummary Pod(JsonObject pod)
    {
        var status = pod["status"] as JsonObject;
        var containers = (status?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var ready = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Any(c => Text(c, "type") == "Ready" && Text(c, "status") == "True");
        var restarts = containers.Sum(c => c["restartCount"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0);
        var reason = containers.Select(c => Text(c["state"]?["waiting"] as JsonObject, "reason")).FirstOrDefault(r => r is not null);
        return new PodSummary(Text(pod["metadata"] as JsonObject, "name") ?? "?", Text(status, "phase") ?? "Unknown", ready, restarts, reason);
    }

    public static EventSummary Event(JsonObject e)
    {
        var involved = e["involvedObject"] as JsonObject;
        var count = e["count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
        var when = Text(e, "lastTimestamp") ?? Text(e, "eventTime") ?? Text(e["metadata"] as JsonObject, "creationTimestamp");
        DateTimeOffset? lastSeen = when is not null && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        return new EventSummary(Text(e, "type") ?? "Normal", Text(e, "reason") ?? string.Empty, Text(e, "message") ?? string.Empty,
            $"{Text(involved, "kind")} {Text(involved, "name")}", count, lastSeen);
    }

    public static string? Text(JsonObject? obj, string key)
        => obj?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
