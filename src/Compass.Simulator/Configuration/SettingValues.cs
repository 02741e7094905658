using System.Globalization;
using System.Net;
using Compass.Core;

namespace Compass.Simulator;

/// <summary>
/// Turns the text of one setting (a flag's value, a variable, a configuration value) into its type. A value that is not
/// of the type throws a <see cref="FormatException"/> whose message is what the setting must be ("must be an integer
/// from 1 to 100000"); the caller adds the name of the flag or variable and the value. Ranges and the rules between
/// settings are left to the validators, which check options set in code too.
/// </summary>
internal static class SettingValues
{
    public static int Integer(string value, NumericLimit limit)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw MustBe(limit.Describe());

    public static double Number(string value, NumericLimit limit)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw MustBe(limit.Describe());

    /// <summary>Reads a duration given in seconds (<c>2.5</c>) or as a .NET time span (<c>00:00:02.5</c>, as configuration binding writes one).</summary>
    public static TimeSpan Seconds(string value, NumericLimit limit)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && Math.Abs(seconds) <= int.MaxValue ? TimeSpan.FromSeconds(seconds) : throw MustBe(limit.Describe());
        }

        return TimeSpan.TryParseExact(value.Trim(), "c", CultureInfo.InvariantCulture, out var span) ? span : throw MustBe(limit.Describe());
    }

    public static List<int> StatusCodes(string value)
        => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                ? code
                : throw new FormatException("must list status codes in 400-599, e.g. 500,503"))];

    public static int QueueFullStatusCode(string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : throw MustBe("429 or 503");

    public static string QuantizationName(string value)
    {
        try
        {
            return Quantization.Parse(value).Value;
        }
        catch (FormatException)
        {
            throw MustBe($"one of {string.Join(", ", Quantization.WellKnown)}");
        }
    }

    public static KvCacheFormat KvCache(string value)
        => KvCacheFormat.TryParse(value, out var format) ? format : throw MustBe($"one of {string.Join(", ", KvCacheFormat.Names)}");

    public static ResponseMode Mode(string value)
        => Enum.TryParse<ResponseMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !char.IsDigit(value.Trim()[0])
            ? mode
            : throw MustBe("lorem, echo or canned");

    public static string HostAddress(string value)
    {
        var text = value.Trim();
        return string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(text.Trim('[', ']'), out _)
            ? text
            : throw MustBe("an IP address (127.0.0.1, 0.0.0.0, ::) or localhost");
    }

    public static bool Switch(string value) => value.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new FormatException("is a switch: give it alone, or =true or =false"),
    };

    // "must be an integer from 1 to 100000": the text that follows the setting's name.
    private static FormatException MustBe(string what) => new("must be " + what);
}
