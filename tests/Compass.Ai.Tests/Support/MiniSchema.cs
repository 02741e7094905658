using System.Text.Json;

namespace Compass.Ai.Tests.Support;

/// <summary>
/// Checks a JSON value against the subset of JSON Schema the intent schema uses (type, properties, required,
/// additionalProperties: false, enum, items), the way a structured-output server constrains its answer.
/// </summary>
internal static class MiniSchema
{
    public static IReadOnlyList<string> Errors(JsonElement value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!allowed.Any(t => Matches(value, t)))
            {
                errors.Add($"{path}: {value.ValueKind} is not {string.Join("|", allowed)}");
                return errors;
            }
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.GetRawText() == value.GetRawText()))
        {
            errors.Add($"{path}: {value.GetRawText()} is not in the enum");
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            if (schema.TryGetProperty("required", out var required))
            {
                errors.AddRange(required.EnumerateArray().Select(r => r.GetString()!).Where(r => !value.TryGetProperty(r, out _)).Select(r => $"{path}.{r}: missing"));
            }

            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out var sub))
                {
                    errors.AddRange(Errors(property.Value, sub, $"{path}.{property.Name}"));
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}.{property.Name}: not allowed");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                errors.AddRange(Errors(item, items, $"{path}[{i++}]"));
            }
        }

        return errors;
    }

    private static bool Matches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => false,
    };
}
