using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Moves manifests written for one namespace to another: <c>metadata.namespace</c>, ServiceMonitor
/// <c>namespaceSelector.matchNames</c>, and the <c>namespace="…"</c> label matchers in every string (PromQL in
/// alerts, KEDA triggers and the dashboard JSON, where the quotes may be escaped as <c>\"</c> or <c>\u0022</c>).
/// </summary>
internal static class NamespaceRetarget
{
    public static IReadOnlyList<ManifestDocument> Apply(IReadOnlyList<ManifestDocument> documents, string from, string to)
    {
        if (from == to)
        {
            return documents;
        }

        // A label matcher namespace="from" (quotes plain or escaped), not a longer label such as exported_namespace.
        var matcher = new Regex(@"(?<![\w])namespace=(""|\\""|\\u0022)" + Regex.Escape(from) + @"\1", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var replacement = "namespace=${1}" + to + "${1}";
        return [.. documents.Select(d =>
        {
            var content = d.ContentClone();
            if (content["metadata"] is JsonObject metadata && metadata["namespace"] is JsonValue ns && ns.TryGetValue<string>(out var current) && current == from)
            {
                metadata["namespace"] = to;
            }

            Rewrite(content, null, from, to, matcher, replacement);
            return d.WithContent(content);
        })];
    }

    private static void Rewrite(JsonNode node, string? key, string from, string to, Regex matcher, string replacement)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        var rewritten = matcher.Replace(text, replacement);
                        if (rewritten != text)
                        {
                            obj[name] = rewritten;
                        }
                    }
                    else if (child is not null)
                    {
                        Rewrite(child, name, from, to, matcher, replacement);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = key == "matchNames" && text == from ? to : matcher.Replace(text, replacement);
                    }
                    else if (array[i] is { } child)
                    {
                        Rewrite(child, key, from, to, matcher, replacement);
                    }
                }

                break;
        }
    }
}
