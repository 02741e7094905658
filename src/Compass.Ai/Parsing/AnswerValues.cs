using System.Globalization;
using System.Text;
using System.Text.Json;
using Compass.Core;

namespace Compass.Ai.Parsing;

/// <summary>
/// Lenient reading of single values from an LLM answer: property names in any case, numbers as JSON numbers or as
/// text ("5,000", "5k", "$1.2M"), choices as <c>{ "value", "mentioned" }</c> or as a bare string, lists as arrays or
/// comma-separated text.
/// </summary>
internal static class AnswerValues
{
    /// <summary>The longest piece of answer text quoted back in a note.</summary>
    private const int MaxShown = 40;

    /// <summary>Finds a property by name, ignoring case; a <c>null</c> value counts as absent.</summary>
    /// <param name="element">An object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : property.Value;
            }
        }

        return null;
    }

    /// <summary>Reads a number.</summary>
    /// <param name="element">The value, or <see langword="null"/> when absent.</param>
    /// <param name="value">The number.</param>
    /// <returns><see langword="true"/> when a number was read; <see langword="false"/> when absent or not a number (see <see cref="Show(JsonElement)"/>).</returns>
    public static bool TryNumber(JsonElement? element, out double value)
    {
        value = double.NaN;
        return element switch
        {
            { ValueKind: JsonValueKind.Number } e => e.TryGetDouble(out value),
            { ValueKind: JsonValueKind.String } e => TryParseNumber(e.GetString() ?? string.Empty, out value),
            _ => false,
        };
    }

    /// <summary>Parses a number written as text: thousands separators, a currency sign and a k/M/B suffix are allowed.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The number.</param>
    /// <returns><see langword="true"/> when it is one.</returns>
    public static bool TryParseNumber(string text, out double value)
    {
        value = double.NaN;
        var s = text.Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal).TrimStart('$').Trim();
        if (s.EndsWith("usd", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^3];
        }

        var factor = 1.0;
        foreach (var (suffix, multiple) in new[] { ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("k", 1e3), ("m", 1e6), ("b", 1e9) })
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length];
                factor = multiple;
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number * factor;
        return true;
    }

    /// <summary>Reads a choice given as <c>{ "value": …, "mentioned": … }</c> (<c>level</c> is accepted for <c>value</c>) or as a bare string.</summary>
    /// <param name="element">The value, or <see langword="null"/> when absent.</param>
    /// <returns>The chosen text (or <see langword="null"/>) and the mention flag (or <see langword="null"/> when not given).</returns>
    public static (string? Value, bool? Mentioned) Choice(JsonElement? element)
    {
        if (element is not { } e)
        {
            return (null, null);
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            return (e.GetString(), null);
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var value = (Property(e, "value") ?? Property(e, "level")) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        return (value, Flag(Property(e, "mentioned")));
    }

    /// <summary>Reads a boolean given as <c>true</c>/<c>false</c> or as the text "true"/"false".</summary>
    /// <param name="element">The value.</param>
    /// <returns>The flag, or <see langword="null"/>.</returns>
    public static bool? Flag(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var b) => b,
        _ => null,
    };

    /// <summary>Reads a list of names from an array (non-text items are skipped) or from comma-separated text.</summary>
    /// <param name="element">The value, or <see langword="null"/> when absent.</param>
    /// <returns>The names, trimmed, blanks left out.</returns>
    public static IReadOnlyList<string> Names(JsonElement? element)
    {
        IEnumerable<string?> items = element switch
        {
            { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : null),
            { ValueKind: JsonValueKind.String } e => (e.GetString() ?? string.Empty).Split(',', ';'),
            _ => [],
        };
        return [.. items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim())];
    }

    /// <summary>Parses a priority level; "critical", "very high" and "important" count as high, "not important" as low.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The priority, or <see langword="null"/> when the text is none.</returns>
    public static Priority? ParsePriority(string? text) => Key(text) switch
    {
        "high" or "veryhigh" or "critical" or "important" or "top" => Priority.High,
        "medium" or "normal" or "moderate" or "default" => Priority.Medium,
        "low" or "verylow" or "notimportant" or "unimportant" => Priority.Low,
        _ => null,
    };

    /// <summary>Parses a deployment model; "on-prem"/"own" count as owned, "buy" as purchase.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The deployment model, or <see langword="null"/> when the text is none.</returns>
    public static DeploymentModel? ParseDeploymentModel(string? text) => Key(text) switch
    {
        "cloud" or "rented" or "rent" => DeploymentModel.Cloud,
        "owned" or "own" or "onprem" or "onpremises" or "existing" => DeploymentModel.Owned,
        "purchase" or "purchased" or "buy" => DeploymentModel.Purchase,
        _ => null,
    };

    /// <summary>Quotes answer text in a note: control characters removed, spaces collapsed, cut to 40 characters.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text to show.</returns>
    public static string Show(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in text ?? string.Empty)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        var shown = builder.ToString().Trim();
        return shown.Length <= MaxShown ? shown : string.Concat(shown.AsSpan(0, MaxShown), "…");
    }

    /// <summary>Quotes a JSON value in a note.</summary>
    /// <param name="element">The value.</param>
    /// <returns>The text to show.</returns>
    public static string Show(JsonElement element)
        => Show(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());

    private static string Key(string? text)
        => new((text ?? string.Empty).ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());
}
