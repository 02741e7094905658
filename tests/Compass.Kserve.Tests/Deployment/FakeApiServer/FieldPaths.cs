using System.Text.Json.Nodes;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>
/// Leaf field paths of an object, as server-side apply tracks ownership: every scalar, every list (lists are atomic
/// here, a simplification of the real merge keys) and every empty map. Identity fields are not owned.
/// </summary>
internal static class FieldPaths
{
    private static readonly HashSet<string> Identity = ["apiVersion", "kind", "status"];

    public static Dictionary<string, string> Leaves(JsonObject obj)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (Identity.Contains(key))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var field in new[] { "labels", "annotations" })
                {
                    if (metadata[field] is JsonObject map)
                    {
                        Walk(map, $".metadata.{field}", leaves);
                    }
                }

                continue;
            }

            Walk(value, "." + key, leaves);
        }

        return leaves;
    }

    public static void Set(JsonObject obj, string path, string json)
    {
        var (parent, last) = Parent(obj, path, create: true);
        parent![last] = JsonNode.Parse(json);
    }

    public static void Remove(JsonObject obj, string path)
    {
        var (parent, last) = Parent(obj, path, create: false);
        parent?.Remove(last);
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, value) in map)
            {
                Walk(value, $"{path}.{Escape(key)}", leaves);
            }
        }
        else
        {
            leaves[path] = node?.ToJsonString() ?? "null";
        }
    }

    private static (JsonObject? Parent, string Last) Parent(JsonObject obj, string path, bool create)
    {
        var parts = Split(path);
        JsonObject? current = obj;
        foreach (var part in parts[..^1])
        {
            if (current[part] is not JsonObject next)
            {
                if (!create)
                {
                    return (null, parts[^1]);
                }

                next = [];
                current[part] = next;
            }

            current = next;
        }

        return (current, parts[^1]);
    }

    // Keys may hold dots (app.kubernetes.io/instance), so they are escaped with brackets.
    private static string Escape(string key) => key.Contains('.', StringComparison.Ordinal) ? $"[{key}]" : key;

    private static string[] Split(string path)
    {
        var parts = new List<string>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                parts.Add(path[(i + 1)..end]);
                i = end + 2;
            }
            else
            {
                var end = path.IndexOf('.', i);
                end = end < 0 ? path.Length : end;
                parts.Add(path[i..end]);
                i = end + 1;
            }
        }

        return [.. parts];
    }
}
