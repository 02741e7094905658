using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Validation;

/// <summary>Kubernetes rules for <c>metadata</c>: names and namespaces are DNS-1123, label keys and values have their syntax.</summary>
internal static partial class MetadataRules
{
    /// <summary>The longest DNS-1123 label (a namespace, a Service name, a label value).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Gets whether a text is a DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, ≤ 63 characters.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsDnsLabel(string text) => text.Length <= MaxLabelLength && DnsLabel().IsMatch(text);

    /// <summary>Checks an object's metadata.</summary>
    /// <param name="metadata">The <c>metadata</c> node.</param>
    /// <returns>The errors.</returns>
    public static IEnumerable<(string Path, string Message)> Check(JsonNode? metadata)
    {
        if (metadata is not JsonObject meta)
        {
            yield return ("$.metadata", "is required and must be an object");
            yield break;
        }

        if (meta["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name))
        {
            yield return ("$.metadata.name", "is required and must be a string");
        }
        else if (!IsDnsLabel(name))
        {
            yield return ("$.metadata.name", $"'{name}' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)");
        }

        if (meta["namespace"] is JsonNode ns && (ns is not JsonValue nsValue || !nsValue.TryGetValue(out string? nsName) || !IsDnsLabel(nsName)))
        {
            yield return ("$.metadata.namespace", $"'{ns}' is not a DNS-1123 label");
        }

        foreach (var (field, checkValues) in new[] { ("labels", true), ("annotations", false) })
        {
            if (meta[field] is null)
            {
                continue;
            }

            if (meta[field] is not JsonObject map)
            {
                yield return ($"$.metadata.{field}", "must be a map of strings");
                continue;
            }

            foreach (var (key, value) in map)
            {
                var path = StructuralSchemaValidator.Child($"$.metadata.{field}", key);
                if (!IsQualifiedName(key))
                {
                    yield return (path, $"'{key}' is not a valid key (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
                }

                if (value is not JsonValue v || !v.TryGetValue(out string? text))
                {
                    yield return (path, "must be a string");
                }
                else if (checkValues && !(text.Length == 0 || (text.Length <= MaxLabelLength && LabelValue().IsMatch(text))))
                {
                    yield return (path, $"'{text}' is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric)");
                }
            }
        }
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash >= 0 ? key[..slash] : null;
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        return (prefix is null || (prefix.Length <= 253 && DnsSubdomain().IsMatch(prefix)))
            && name.Length is > 0 and <= MaxLabelLength && LabelValue().IsMatch(name);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
