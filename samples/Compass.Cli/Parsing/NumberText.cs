using System.Globalization;

namespace Compass.Cli.Parsing;

/// <summary>
/// Reads the numbers people type: <c>5000</c>, <c>5,000</c>, <c>5k</c>, <c>$4k</c>, <c>10%</c>, <c>200ms</c>. Each method
/// returns null and sets a one-line message naming the option when the text is not such a number or is out of range.
/// </summary>
internal static class NumberText
{
    public static int? Int(string option, string text, int min, int max, out string? error)
    {
        error = null;
        var clean = Separators(option, text.Trim(), ref error)?.Replace("_", string.Empty, StringComparison.Ordinal);
        if (clean is null)
        {
            return null;
        }

        var multiplier = 1;
        if (clean.EndsWith('k') || clean.EndsWith('K'))
        {
            multiplier = 1000;
            clean = clean[..^1];
        }

        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number))
        {
            error = $"--{option} must be a whole number (got '{text}').";
            return null;
        }

        number *= multiplier;
        if (number < min || number > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"--{option} must be between {min:N0} and {max:N0} (got {text}).");
            return null;
        }

        return (int)number;
    }

    public static double? Number(string option, string text, double min, double max, string unit, bool allowPercent, out string? error)
    {
        error = null;
        var clean = Separators(option, text.Trim().TrimStart('$'), ref error)?.Replace("_", string.Empty, StringComparison.Ordinal);
        if (clean is null)
        {
            return null;
        }

        var scale = 1.0;
        if (allowPercent && clean.EndsWith('%'))
        {
            scale = 0.01;
            clean = clean[..^1];
        }
        else if (clean.EndsWith('k') || clean.EndsWith('K'))
        {
            scale = 1000;
            clean = clean[..^1];
        }

        if (unit.Length > 0 && clean.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
        {
            clean = clean[..^unit.Length];
        }

        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            error = $"--{option} must be a number{(unit.Length > 0 ? " of " + unit : string.Empty)} (got '{text}').";
            return null;
        }

        number *= scale;
        if (number < min || number > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"--{option} must be between {min:G} and {max:G}{(unit.Length > 0 ? " " + unit : string.Empty)} (got {text}).");
            return null;
        }

        return number;
    }

    // Commas only as thousands separators (5,000 or 1,234,567.5); "1,5" is a decimal comma or a typo, so it is refused.
    private static string? Separators(string option, string text, ref string? error)
    {
        if (!text.Contains(',', StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.Length;
        while (end > 0 && !char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }

        var digits = text[..end].TrimStart('-', '+');
        var integer = digits.Split('.')[0];
        var groups = integer.Split(',');
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(char.IsAsciiDigit)))
        {
            error = $"--{option}: '{text}' is not a number; use '.' for decimals (1.5) and ',' only between thousands (5,000).";
            return null;
        }

        return text.Replace(",", string.Empty, StringComparison.Ordinal);
    }
}
