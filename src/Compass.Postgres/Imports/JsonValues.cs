using System.Globalization;
using System.Text.Json;

namespace Compass.Postgres.Imports;

/// <summary>Reading optional values out of report JSON: missing and <c>null</c> are alike, numbers may be written as strings.</summary>
internal static class JsonValues
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    /// <summary>Follows a path of property names; null where one is missing, null or not an object.</summary>
    public static JsonElement? Get(JsonElement? element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var next) || next.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(JsonElement? element)
        => element switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text ? text : null,
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            _ => null,
        };

    /// <summary>A number, a number written as a string, or <c>"inf"</c>; null when missing.</summary>
    public static double? Number(JsonElement? element, ImportContext context, int? row, string field)
    {
        switch (element)
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Number } n:
                return n.GetDouble();
            case { ValueKind: JsonValueKind.String } s:
                var text = s.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
                {
                    return double.PositiveInfinity;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw context.Error(row, field, $"'{text}' is not a number.");
            case var other:
                throw context.Error(row, field, $"expected a number, found {other.Value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    public static JsonDocument Parse(byte[] content, ImportContext context)
    {
        try
        {
            return JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw context.Error(null, null, $"not valid JSON ({ex.Message}). Check that the file is complete, or set the format in the import options if it is CSV.", ex, nameof(ImportOptions.Format));
        }
    }

    public static JsonElement Benchmarks(JsonDocument document, ImportContext context, string layout)
        => Get(document.RootElement, "benchmarks") is { ValueKind: JsonValueKind.Array } list
            ? list
            : throw context.Error(null, "benchmarks", $"expected an object with a 'benchmarks' array ({layout}). Set the format in the import options if the file has another layout.", option: nameof(ImportOptions.Format));
}
