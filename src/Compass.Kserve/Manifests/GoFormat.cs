using System.Globalization;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Prometheus's template functions <c>humanize</c>, <c>humanizeDuration</c> and <c>humanizePercentage</c> (Go's
/// <c>%.4g</c> with SI prefixes), so the promtool tests Compass generates can state the exact text an alert's
/// annotations render to.
/// </summary>
internal static class GoFormat
{
    /// <summary>Go's <c>fmt.Sprintf("%.4g", v)</c>.</summary>
    public static string G4(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        if (v == 0)
        {
            return "0";
        }

        // Round to 4 significant digits first: the exponent is the rounded value's.
        var e = v.ToString("E3", CultureInfo.InvariantCulture);
        var exponent = int.Parse(e[(e.IndexOf('E', StringComparison.Ordinal) + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 4)
        {
            var mantissa = TrimZeros(e[..e.IndexOf('E', StringComparison.Ordinal)]);
            return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
        }

        return TrimZeros(v.ToString("F" + (3 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>Prometheus's <c>humanize</c>: SI prefixes (k, M, … and m, u, …) and 4 significant digits.</summary>
    public static string Humanize(double v)
    {
        if (v == 0 || double.IsNaN(v) || double.IsInfinity(v))
        {
            return G4(v);
        }

        var prefix = string.Empty;
        if (Math.Abs(v) >= 1)
        {
            foreach (var p in new[] { "k", "M", "G", "T", "P", "E", "Z", "Y" })
            {
                if (Math.Abs(v) < 1000)
                {
                    break;
                }

                prefix = p;
                v /= 1000;
            }

            return G4(v) + prefix;
        }

        foreach (var p in new[] { "m", "u", "n", "p", "f", "a", "z", "y" })
        {
            if (Math.Abs(v) >= 1)
            {
                break;
            }

            prefix = p;
            v *= 1000;
        }

        return G4(v) + prefix;
    }

    /// <summary>Prometheus's <c>humanizeDuration</c> for a number of seconds.</summary>
    public static string HumanizeDuration(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            return G4(v);
        }

        if (v == 0)
        {
            return G4(v) + "s";
        }

        if (Math.Abs(v) >= 1)
        {
            var sign = v < 0 ? "-" : string.Empty;
            v = Math.Abs(v);
            var whole = (long)v;
            var (seconds, minutes, hours, days) = (whole % 60, whole / 60 % 60, whole / 3600 % 24, whole / 86_400);
            return days != 0 ? Invariant($"{sign}{days}d {hours}h {minutes}m {seconds}s")
                : hours != 0 ? Invariant($"{sign}{hours}h {minutes}m {seconds}s")
                : minutes != 0 ? Invariant($"{sign}{minutes}m {seconds}s")
                : sign + G4(v) + "s";
        }

        var prefix = string.Empty;
        foreach (var p in new[] { "m", "u", "n", "p", "f", "a", "z", "y" })
        {
            if (Math.Abs(v) >= 1)
            {
                break;
            }

            prefix = p;
            v *= 1000;
        }

        return G4(v) + prefix + "s";
    }

    /// <summary>Prometheus's <c>humanizePercentage</c>: a ratio as a percentage, 4 significant digits.</summary>
    public static string HumanizePercentage(double v) => G4(v * 100) + "%";

    private static string TrimZeros(string number)
        => number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
