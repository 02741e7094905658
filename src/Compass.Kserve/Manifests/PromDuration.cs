using System.Globalization;
using System.Text;

namespace Compass.Kserve.Manifests;

/// <summary>Durations as Prometheus and Alertmanager write them (<c>1h30m</c>, <c>5m</c>, <c>2s</c>).</summary>
internal static class PromDuration
{
    /// <summary>Formats a whole number of seconds.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var b = new StringBuilder();
        foreach (var (unit, size) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= size)
            {
                b.Append((seconds / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
                seconds %= size;
            }
        }

        return b.ToString();
    }

    /// <summary>Checks that a duration is a whole number of seconds, at least <paramref name="minimum"/> and at most a week.</summary>
    public static void Check(TimeSpan duration, TimeSpan minimum, string name)
    {
        if (duration < minimum || duration > TimeSpan.FromDays(7) || duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{name} must be a whole number of seconds from {Format(minimum)} to 7d (got {duration}).", name);
        }
    }
}
