using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Compass.Kserve.Yaml;

/// <summary>
/// Converts between JSON trees and YAML text with YamlDotNet's representation model (never string templates). Strings
/// are written plain only when they cannot be read back as anything else; everything else is double-quoted, so a value
/// a user typed cannot become a key, a number, a boolean or a second document.
/// </summary>
internal static partial class YamlTree
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null",
    };

    /// <summary>Writes one JSON tree as a YAML document.</summary>
    /// <param name="node">The tree (an object).</param>
    /// <returns>The YAML text, ending with a newline.</returns>
    public static string ToYaml(JsonNode node)
    {
        var stream = new YamlStream(new YamlDocument(ToYamlNode(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream.Save closes each document with "...": one object per file needs no end marker.
        if (text.EndsWith("...\n", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        return text;
    }

    /// <summary>Reads every document of a YAML text as a JSON tree (YAML 1.2 core schema for plain scalars).</summary>
    /// <param name="yaml">The text.</param>
    /// <returns>One tree per document (null for an empty document).</returns>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static IReadOnlyList<JsonNode?> Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => ToJsonNode(d.RootNode))];
    }

    /// <summary>Reads one YAML node as a JSON tree, by the same rules as <see cref="Parse"/>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The tree (null for a null scalar).</returns>
    /// <exception cref="YamlException">The node holds an alias, a non-string key or a duplicate key.</exception>
    public static JsonNode? ToJson(YamlNode node) => ToJsonNode(node);

    private static YamlNode ToYamlNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var map = new YamlMappingNode();
                foreach (var (key, value) in obj)
                {
                    map.Add(Scalar(key), ToYamlNode(value));
                }

                return map;
            case JsonArray array:
                var seq = new YamlSequenceNode();
                foreach (var item in array)
                {
                    seq.Add(ToYamlNode(item));
                }

                return seq;
            case JsonValue value when value.TryGetValue(out string? text):
                return Scalar(text);
            case JsonValue value:
                // Numbers and booleans: their JSON text is also their YAML text.
                return new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain };
            default:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
        }
    }

    private static YamlScalarNode Scalar(string text)
    {
        if (IsSafePlain(text))
        {
            return new YamlScalarNode(text) { Style = ScalarStyle.Plain };
        }

        // Multi-line text (PromQL, dashboard JSON) reads best as a literal block; YamlDotNet falls back to a quoted
        // form by itself when a literal block cannot hold the text exactly (trailing spaces, tabs, control characters).
        var literal = text.Contains('\n', StringComparison.Ordinal) && text.All(c => c == '\n' || !char.IsControl(c))
            && !text.Split('\n').Any(line => line.EndsWith(' '));
        return new YamlScalarNode(text) { Style = literal ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted };
    }

    private static bool IsSafePlain(string text) => SafePlain().IsMatch(text) && !Reserved.Contains(text);

    private static JsonNode? ToJsonNode(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJsonNode)]),
        YamlScalarNode scalar => ToValue(scalar),
        _ => throw new YamlException(node.Start, node.End, "Aliases and anchors are not supported."),
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new YamlException(key.Start, key.End, "Mapping keys must be strings.");
            }

            if (!obj.TryAdd(name, ToJsonNode(value)))
            {
                throw new YamlException(key.Start, key.End, $"Duplicate key '{name}'.");
            }
        }

        return obj;
    }

    private static JsonNode? ToValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;

        // Quoted and block scalars, and any scalar tagged !!str, are strings; only untagged or otherwise tagged plain
        // scalars are resolved by the core schema.
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || (scalar.Tag.IsGlobal && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntegerText().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        }

        if (FloatText().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return double.IsFinite(number) ? JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture)) : JsonValue.Create(text);
        }

        return JsonValue.Create(text);
    }

    // Starts with a letter or '/' (or "--" then a letter, for command-line flags); then letters, digits and . _ / - = @ :
    // only, never ending with ':' and never holding a space. Such a string is never a number, boolean, null, timestamp,
    // key, comment, alias, tag or document marker in YAML 1.1 or 1.2.
    [GeneratedRegex("^(--)?[A-Za-z/][A-Za-z0-9_./=@:-]*(?<!:)$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatText();
}
