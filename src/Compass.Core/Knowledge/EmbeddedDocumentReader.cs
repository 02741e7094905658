using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>
/// Reads the knowledge-base documents embedded in this package, by hand over a <see cref="JsonDocument"/>, for
/// <see cref="EmbeddedKnowledgeBase"/>. Documents a user supplies are read by <see cref="KnowledgeBaseReader"/>'s
/// serializer instead, whose errors explain every mistake.
/// </summary>
/// <remarks>
/// Why by hand: <see cref="JsonSerializer"/> builds a converter and a property description for every property type it
/// meets (int, double, bool, each enum, each of Compass's value types, each array of them), and those are generic
/// instantiations over value types that ReadyToRun cannot precompile, so a fresh process JIT-compiled about 1,300
/// methods (≈ 90 ms on 2 cores) to read some 130 KB of JSON. Everything here is either non-generic
/// (<see cref="JsonDocument"/>, <see cref="JsonElement"/>) or Compass's own code, so it is all precompiled. The reader is
/// strict: an unknown property, a missing required one or a value of the wrong kind fails with its path, so a field
/// added to a document and not to this reader cannot be dropped silently; <c>EmbeddedDocumentReadingTests</c> checks
/// that every embedded document reads exactly as the serializer reads it. A property a document leaves out keeps the
/// type's initializer, as with the serializer.
/// </remarks>
internal static partial class EmbeddedDocumentReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static ImmutableArray<T> ReadList<T>(Stream json, string name, string list, Func<JsonElement, string, T> item)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json, name);
        try
        {
            ImmutableArray<T>? items = null;
            foreach (var property in Properties(document.RootElement, "the document"))
            {
                switch (property.Name)
                {
                    case "_description":
                        Text(property, string.Empty);
                        break;
                    case var other when other == list:
                        items = Array(property, string.Empty, item);
                        break;
                    default:
                        throw Unknown(property, string.Empty);
                }
            }

            return items ?? throw Missing("the document", list);
        }
        catch (FormatException ex)
        {
            throw new KnowledgeBaseException($"{name}: {ex.Message}", ex);
        }
    }

    private static JsonDocument Parse(Stream json, string name)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new KnowledgeBaseException($"{name}: not valid JSON ({ex.Message}).", ex);
        }
    }

    private static JsonElement.ObjectEnumerator Properties(JsonElement element, string path)
        => element.ValueKind == JsonValueKind.Object ? element.EnumerateObject() : throw Expected("an object", element, path);

    // Builds one item of a list, turning a value the domain type refuses (its init accessor's guard) into an error
    // that says where the value is.
    private static ImmutableArray<T> Array<T>(JsonProperty property, string path, Func<JsonElement, string, T> item)
        where T : class
    {
        var at = At(path, property);
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw Expected("an array", property.Value, at);
        }

        var items = ImmutableArray.CreateBuilder<T>(property.Value.GetArrayLength());
        foreach (var element in property.Value.EnumerateArray())
        {
            var itemPath = $"{at}[{items.Count}]";
            try
            {
                items.Add(item(element, itemPath));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"{itemPath}: {ex.Message}", ex);
            }
        }

        return items.MoveToImmutable();
    }

    private static ImmutableArray<string> Texts(JsonProperty property, string path)
    {
        var at = At(path, property);
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw Expected("an array", property.Value, at);
        }

        var items = ImmutableArray.CreateBuilder<string>(property.Value.GetArrayLength());
        foreach (var element in property.Value.EnumerateArray())
        {
            items.Add(element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Expected("a string", element, $"{at}[{items.Count}]"));
        }

        return items.MoveToImmutable();
    }

    private static ImmutableDictionary<string, string> TextMap(JsonProperty property, string path)
    {
        var at = At(path, property);
        var map = ImmutableDictionary.CreateBuilder<string, string>();
        foreach (var entry in Properties(property.Value, at))
        {
            map[entry.Name] = Text(entry, at);
        }

        return map.ToImmutable();
    }

    private static string Text(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : throw Expected("a string", property.Value, At(path, property));

    private static string? OptionalText(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.Null ? null : Text(property, path);

    private static double Number(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : throw Expected("a number", property.Value, At(path, property));

    private static double? OptionalNumber(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.Null ? null : Number(property, path);

    private static int Integer(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var value)
            ? value
            : throw Expected("a whole number", property.Value, At(path, property));

    private static int? OptionalInteger(JsonProperty property, string path)
        => property.Value.ValueKind == JsonValueKind.Null ? null : Integer(property, path);

    private static bool Flag(JsonProperty property, string path) => property.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected("true or false", property.Value, At(path, property)),
    };

    // Enum values are written in kebab case (on-demand, log-normal), as CompassJson writes them.
    private static TEnum Choice<TEnum>(JsonProperty property, string path)
        where TEnum : struct, Enum
    {
        var text = Text(property, path);
        return text.Length > 0 && char.IsAsciiLetterLower(text[0])
            && Enum.TryParse(typeof(TEnum), text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value)
            ? (TEnum)value!
            : throw new FormatException($"{At(path, property)}: '{text}' is not a {typeof(TEnum).Name}.");
    }

    // Parses one of Compass's string values (GpuType.Parse, ModelId.Parse...), saying where the text is when it is refused.
    private static T Value<T>(JsonProperty property, string path, Func<string, T> parse)
    {
        var text = Text(property, path);
        try
        {
            return parse(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{At(path, property)}: {ex.Message}", ex);
        }
    }

    private static string At(string path, JsonProperty property) => path.Length == 0 ? property.Name : $"{path}.{property.Name}";

    private static FormatException Expected(string what, JsonElement found, string path)
        => new($"{path}: expected {what}, found {found.ValueKind.ToString().ToLowerInvariant()}.");

    private static FormatException Unknown(JsonProperty property, string path)
        => new($"{At(path, property)}: unknown property.");

    private static FormatException Missing(string path, string property)
        => new($"{path}: the required property '{property}' is missing.");
}
