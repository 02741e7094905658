using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Durations as Prometheus and Alertmanager write them (<c>1h30m</c>, <c>5m</c>, <c>2s</c>): whole seconds, units from the
/// largest down, each once.
/// </summary>
public static partial class PrometheusDuration
{
    private static readonly (string Unit, long Seconds)[] Units = [("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L)];

    /// <summary>Formats a whole number of seconds (<c>90 s</c> as <c>1m30s</c>; zero as <c>0s</c>).</summary>
    /// <param name="duration">The duration; a fraction of a second is dropped.</param>
    /// <returns>The duration as Prometheus writes it.</returns>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var b = new StringBuilder();
        foreach (var (unit, size) in Units)
        {
            if (seconds >= size)
            {
                b.Append((seconds / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
                seconds %= size;
            }
        }

        return b.ToString();
    }

    /// <summary>
    /// Reads a duration written as Prometheus writes it: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>. A bare number is
    /// refused rather than guessed at (seconds? minutes?), as are fractions and milliseconds.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The text is not such a duration; the message says how to write one.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = text.Trim();
        if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"'{text}' has no unit; write it as Prometheus does, e.g. {clean}s or {clean}m.");
        }

        var match = Pattern().Match(clean);
        if (clean.Length == 0 || !match.Success)
        {
            throw new FormatException($"'{text}' is not a duration; write whole seconds, minutes, hours or days as Prometheus does, e.g. 30s, 5m or 1h30m.");
        }

        // At most nine digits per unit, so the sum fits a long; compared before a TimeSpan could overflow.
        var seconds = 0L;
        foreach (var (unit, size) in Units)
        {
            if (match.Groups[unit] is { Success: true } value)
            {
                seconds += long.Parse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture) * size;
            }
        }

        return seconds <= (long)TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"'{text}' is longer than any duration Prometheus takes.");
    }

    /// <summary>Checks that a duration is a whole number of seconds, at least <paramref name="minimum"/> and at most <see cref="MonitoringOptions.MaximumDuration"/>.</summary>
    internal static void Check(TimeSpan duration, TimeSpan minimum, string name)
    {
        if (duration < minimum || duration > MonitoringOptions.MaximumDuration || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            var got = duration.Ticks % TimeSpan.TicksPerSecond == 0 && duration >= TimeSpan.Zero ? Format(duration) : duration.ToString("c", CultureInfo.InvariantCulture);
            throw new ArgumentException($"{name} must be a whole number of seconds from {Format(minimum)} to {Format(MonitoringOptions.MaximumDuration)} (got {got}).", name);
        }
    }

    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,9})d)?(?:(?<h>[0-9]{1,9})h)?(?:(?<m>[0-9]{1,9})m)?(?:(?<s>[0-9]{1,9})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
