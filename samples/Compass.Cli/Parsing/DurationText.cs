using Compass.Kserve.Manifests;

namespace Compass.Cli.Parsing;

/// <summary>Reads a duration option (<c>30s</c>, <c>5m</c>, <c>1h30m</c>) with <see cref="PrometheusDuration"/> and checks its range.</summary>
internal static class DurationText
{
    public static TimeSpan? Parse(string option, string text, TimeSpan min, TimeSpan max, out string? error)
    {
        error = null;
        TimeSpan duration;
        try
        {
            duration = PrometheusDuration.Parse(text);
        }
        catch (FormatException ex)
        {
            error = $"--{option}: {ex.Message}";
            return null;
        }

        if (duration < min || duration > max)
        {
            error = $"--{option} must be from {PrometheusDuration.Format(min)} to {PrometheusDuration.Format(max)} (got '{text}').";
            return null;
        }

        return duration;
    }
}
