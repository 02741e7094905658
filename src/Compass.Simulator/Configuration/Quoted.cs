using System.Globalization;

namespace Compass.Simulator;

/// <summary>Makes a value that came from outside safe to quote in a one-line message.</summary>
internal static class Quoted
{
    private const int MaxShownLength = 80;

    /// <summary>Returns <paramref name="value"/> with control characters escaped and anything past 80 characters cut.</summary>
    public static string Shown(string value)
    {
        var text = value.Length > MaxShownLength ? value[..MaxShownLength] + "…" : value;
        return text.Any(char.IsControl)
            ? string.Concat(text.Select(c => char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c.ToString()))
            : text;
    }
}
