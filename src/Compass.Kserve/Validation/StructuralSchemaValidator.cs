using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Validation;

/// <summary>
/// Validates a JSON tree against a Kubernetes structural schema (a CRD version's <c>openAPIV3Schema</c>): types,
/// <c>required</c>, <c>enum</c>, <c>pattern</c>, <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>nullable</c>, <c>x-kubernetes-int-or-string</c>, <c>anyOf</c>/<c>allOf</c>/<c>oneOf</c>.
/// Unknown fields are errors (as <c>kubectl --validate=strict</c> treats them) unless the schema says
/// <c>x-kubernetes-preserve-unknown-fields: true</c> or gives <c>additionalProperties</c>. CEL rules
/// (<c>x-kubernetes-validations</c>) and <c>format</c> are not checked.
/// </summary>
/// <remarks>Thread-safe: the instance holds only a cache of compiled patterns.</remarks>
internal sealed class StructuralSchemaValidator
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>.</summary>
    /// <param name="instance">The value (an object for a whole manifest).</param>
    /// <param name="schema">The schema.</param>
    /// <param name="path">The path of <paramref name="instance"/>, for messages (default <c>$</c>).</param>
    /// <returns>Every error found, as (path, message) pairs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public IReadOnlyList<(string Path, string Message)> Validate(JsonNode? instance, JsonObject schema, string path = "$")
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<(string, string)>();
        Check(instance, schema, path, errors);
        return errors;
    }

    private void Check(JsonNode? node, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (node is null)
        {
            if (!Flag(schema, "nullable"))
            {
                errors.Add((path, "must not be null"));
            }

            return;
        }

        var preserveUnknown = Flag(schema, "x-kubernetes-preserve-unknown-fields");
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (!IsInteger(node) && !IsString(node))
            {
                errors.Add((path, $"must be an integer or a string, not {Describe(node)}"));
                return;
            }
        }
        else if (String(schema, "type") is { } type)
        {
            if (!CheckType(node, type, path, errors))
            {
                return;
            }
        }

        CheckValue(node, schema, path, errors);
        CheckCombinators(node, schema, path, errors);
        switch (node)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, preserveUnknown, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                break;
        }
    }

    private static bool CheckType(JsonNode node, string type, string path, List<(string, string)> errors)
    {
        var ok = type switch
        {
            "object" => node is JsonObject,
            "array" => node is JsonArray,
            "string" => IsString(node),
            "integer" => IsInteger(node),
            "number" => IsNumber(node),
            "boolean" => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            _ => true,
        };
        if (!ok)
        {
            errors.Add((path, $"must be {Article(type)} {type}, not {Describe(node)}"));
        }

        return ok;
    }

    private void CheckValue(JsonNode node, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add((path, $"{node.ToJsonString()} is not one of the allowed values: {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}"));
        }

        if (IsString(node))
        {
            var text = node.GetValue<string>();
            var length = text.EnumerateRunes().Count();
            if (Number(schema, "maxLength") is { } max && length > max)
            {
                errors.Add((path, $"is {length} characters long; at most {max} are allowed"));
            }

            if (Number(schema, "minLength") is { } min && length < min)
            {
                errors.Add((path, $"is {length} characters long; at least {min} are required"));
            }

            if (String(schema, "pattern") is { } pattern && !Matches(pattern, text))
            {
                errors.Add((path, $"'{text}' does not match the pattern {pattern}"));
            }
        }
        else if (IsNumber(node))
        {
            var value = node.GetValue<double>();
            if (Number(schema, "minimum") is { } min && (Flag(schema, "exclusiveMinimum") ? value <= min : value < min))
            {
                errors.Add((path, string.Create(CultureInfo.InvariantCulture, $"{value} is below the minimum {min}")));
            }

            if (Number(schema, "maximum") is { } max && (Flag(schema, "exclusiveMaximum") ? value >= max : value > max))
            {
                errors.Add((path, string.Create(CultureInfo.InvariantCulture, $"{value} is above the maximum {max}")));
            }
        }
    }

    private void CheckCombinators(JsonNode node, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (schema["allOf"] is JsonArray all)
        {
            foreach (var branch in all.OfType<JsonObject>())
            {
                Check(node, branch, path, errors);
            }
        }

        if (schema["anyOf"] is JsonArray any && !any.OfType<JsonObject>().Any(b => Passes(node, b, path)))
        {
            errors.Add((path, "matches none of the allowed forms (anyOf)"));
        }

        if (schema["oneOf"] is JsonArray one)
        {
            var matches = one.OfType<JsonObject>().Count(b => Passes(node, b, path));
            if (matches != 1)
            {
                errors.Add((path, $"must match exactly one allowed form (oneOf); matches {matches}"));
            }
        }
    }

    private bool Passes(JsonNode node, JsonObject branch, string path)
    {
        var scratch = new List<(string, string)>();
        Check(node, branch, path, scratch);
        return scratch.Count == 0;
    }

    private void CheckObject(JsonObject obj, JsonObject schema, string path, bool preserveUnknown, List<(string, string)> errors)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add((Child(path, name), "is required"));
                }
            }
        }

        var additional = schema["additionalProperties"];
        foreach (var (name, value) in obj)
        {
            var childPath = Child(path, name);
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(value, propertySchema, childPath, errors);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Check(value, additionalSchema, childPath, errors);
            }
            else if (additional is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.False)
            {
                errors.Add((childPath, "unknown field (additional properties are not allowed here)"));
            }
            else if (!preserveUnknown && (properties is not null || additional is not null))
            {
                var known = properties is null ? string.Empty : $"; known fields: {string.Join(", ", properties.Select(p => p.Key).Take(12))}{(properties.Count > 12 ? ", …" : string.Empty)}";
                errors.Add((childPath, $"unknown field '{name}'{known}"));
            }
        }

        if (Number(schema, "maxProperties") is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add((path, $"has {obj.Count} fields; at most {maxProperties} are allowed"));
        }

        if (Number(schema, "minProperties") is { } minProperties && obj.Count < minProperties)
        {
            errors.Add((path, $"has {obj.Count} fields; at least {minProperties} are required"));
        }
    }

    private void CheckArray(JsonArray array, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (Number(schema, "maxItems") is { } max && array.Count > max)
        {
            errors.Add((path, $"has {array.Count} items; at most {max} are allowed"));
        }

        if (Number(schema, "minItems") is { } min && array.Count < min)
        {
            errors.Add((path, $"has {array.Count} items; at least {min} are required"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), errors);
            }
        }
    }

    private bool Matches(string pattern, string text)
    {
        var regex = _patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, PatternTimeout));
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Appends a property to a JSON path, in bracket form when the name is not a plain identifier.</summary>
    /// <param name="path">The parent path.</param>
    /// <param name="name">The property.</param>
    /// <returns>The child path.</returns>
    internal static string Child(string path, string name)
        => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static bool Flag(JsonObject schema, string name)
        => schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string? String(JsonObject schema, string name)
        => schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static double? Number(JsonObject schema, string name)
        => schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;

    private static bool IsString(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static bool IsNumber(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    private static bool IsInteger(JsonNode node)
        => IsNumber(node) && node.GetValue<double>() is var d && Math.Floor(d) == d && !double.IsInfinity(d);

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {v.ToJsonString()}",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            _ => $"the value {v.ToJsonString()}",
        },
        _ => "null",
    };

    private static string Article(string type) => type is "object" or "array" or "integer" ? "an" : "a";
}
