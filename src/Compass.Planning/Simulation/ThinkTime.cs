using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Compass.Planning.Simulation;

/// <summary>
/// How long a closed-loop user pauses between receiving a response and sending the next request, in seconds. Build one
/// with <see cref="Fixed"/>, <see cref="Exponential"/>, <see cref="Uniform"/>, <see cref="LogNormal"/> or
/// <see cref="Parse"/>; <see cref="None"/> (the default) sends the next request at once, as <c>vllm bench serve
/// --max-concurrency</c> and GuideLLM's concurrent profile do.
/// </summary>
public sealed record ThinkTime
{
    /// <summary>The longest pause accepted (one day): a guard against a typo in units.</summary>
    public const double MaxSeconds = 86_400;

    private ThinkTime(ThinkTimeKind kind, double first, double second)
    {
        Kind = kind;
        First = first;
        Second = second;
    }

    /// <summary>Gets no pause: the next request goes out when the previous one's last token arrives.</summary>
    public static ThinkTime None { get; } = new(ThinkTimeKind.Fixed, 0, 0);

    /// <summary>Gets the shape.</summary>
    public ThinkTimeKind Kind { get; }

    /// <summary>Gets the first parameter in seconds: the pause (fixed), the mean (exponential, log-normal) or the minimum (uniform).</summary>
    public double First { get; }

    /// <summary>Gets the second parameter in seconds: the standard deviation (log-normal), the maximum (uniform), else 0.</summary>
    public double Second { get; }

    /// <summary>Gets the mean pause in seconds.</summary>
    public double MeanSeconds => Kind == ThinkTimeKind.Uniform ? (First + Second) / 2 : First;

    /// <summary>Always the same pause.</summary>
    /// <param name="seconds">The pause, 0 to <see cref="MaxSeconds"/>.</param>
    /// <returns>The think time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The pause is negative, not finite or too long.</exception>
    public static ThinkTime Fixed(double seconds) => seconds == 0 ? None : new(ThinkTimeKind.Fixed, Seconds(seconds, nameof(seconds)), 0);

    /// <summary>Exponential pauses.</summary>
    /// <param name="meanSeconds">The mean pause, greater than 0.</param>
    /// <returns>The think time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not positive, not finite or too long.</exception>
    public static ThinkTime Exponential(double meanSeconds) => new(ThinkTimeKind.Exponential, Positive(meanSeconds, nameof(meanSeconds)), 0);

    /// <summary>Pauses spread evenly over [min, max].</summary>
    /// <param name="minSeconds">The shortest pause, 0 or more.</param>
    /// <param name="maxSeconds">The longest pause, at least <paramref name="minSeconds"/>.</param>
    /// <returns>The think time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is negative, not finite or too long, or max is below min.</exception>
    public static ThinkTime Uniform(double minSeconds, double maxSeconds)
    {
        Seconds(minSeconds, nameof(minSeconds));
        Seconds(maxSeconds, nameof(maxSeconds));
        return maxSeconds >= minSeconds
            ? new(ThinkTimeKind.Uniform, minSeconds, maxSeconds)
            : throw new ArgumentOutOfRangeException(nameof(maxSeconds), maxSeconds, $"The longest pause must not be below the shortest ({minSeconds} s).");
    }

    /// <summary>Log-normal pauses with the given mean and standard deviation (of the pauses, not of their logarithms).</summary>
    /// <param name="meanSeconds">The mean pause, greater than 0.</param>
    /// <param name="stdDevSeconds">The standard deviation, 0 or more.</param>
    /// <returns>The think time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public static ThinkTime LogNormal(double meanSeconds, double stdDevSeconds)
        => new(ThinkTimeKind.LogNormal, Positive(meanSeconds, nameof(meanSeconds)), Seconds(stdDevSeconds, nameof(stdDevSeconds)));

    /// <summary>
    /// Parses <c>2</c> or <c>fixed:2</c> (seconds), <c>exponential:MEAN</c> (or <c>exp:MEAN</c>), <c>uniform:MIN,MAX</c> or
    /// <c>lognormal:MEAN,STDEV</c>; a trailing <c>s</c> on a plain number is accepted.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The think time.</returns>
    /// <exception cref="FormatException">The text is not a think time.</exception>
    public static ThinkTime Parse(string text)
    {
        const string Usage = "Use seconds (e.g. 2), fixed:S, exponential:MEAN, uniform:MIN,MAX or lognormal:MEAN,STDEV, all in seconds.";
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A think time must not be empty. " + Usage);
        }

        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        var kind = parts.Length == 1 ? "fixed" : parts[0].Trim();
        var body = parts.Length == 1 ? parts[0].TrimEnd('s') : parts[1];
        var numbers = body.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new FormatException($"'{text}' is not a think time: '{numbers[i]}' is not a number of seconds. {Usage}");
            }
        }

        try
        {
            return (kind, values.Length) switch
            {
                ("fixed", 1) => Fixed(values[0]),
                ("exponential" or "exp", 1) => Exponential(values[0]),
                ("uniform", 2) => Uniform(values[0], values[1]),
                ("lognormal", 2) => LogNormal(values[0], values[1]),
                _ => throw new FormatException($"'{text}' is not a think time. {Usage}"),
            };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            var reason = ex.Message.ReplaceLineEndings("\n").Split('\n')[0];
            var cut = reason.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new FormatException($"'{text}' is not a valid think time: {(cut > 0 ? reason[..cut] : reason).TrimEnd('.')}.", ex);
        }
    }

    /// <summary>Draws one pause in milliseconds.</summary>
    /// <param name="random">The caller's seeded random source.</param>
    /// <returns>A pause of 0 ms or more.</returns>
    internal double SampleMs(System.Random random) => 1000 * Kind switch
    {
        ThinkTimeKind.Fixed => First,
        ThinkTimeKind.Exponential => -Math.Log(1 - random.NextDouble()) * First,
        ThinkTimeKind.Uniform => First + ((Second - First) * random.NextDouble()),
        _ => Second == 0 ? First : LogNormalDraw(random),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ThinkTimeKind.Fixed => First == 0 ? "none" : F($"{First:0.###} s"),
        ThinkTimeKind.Exponential => F($"exponential, mean {First:0.###} s"),
        ThinkTimeKind.Uniform => F($"uniform {First:0.###}–{Second:0.###} s"),
        _ => F($"lognormal, mean {First:0.###} s, sd {Second:0.###} s"),
    };

    private double LogNormalDraw(System.Random random)
    {
        var sigma2 = Math.Log(1 + (Second * Second / (First * First)));
        return Math.Exp(Math.Log(First) - (sigma2 / 2) + (Math.Sqrt(sigma2) * Normal.Sample(random, 0, 1)));
    }

    private static double Seconds(double value, string name)
        => double.IsFinite(value) && value is >= 0 and <= MaxSeconds
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"A think time must be between 0 and {MaxSeconds:0} seconds (got {value.ToString(CultureInfo.InvariantCulture)}).");

    private static double Positive(double value, string name)
        => Seconds(value, name) > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A mean think time must be greater than 0 seconds.");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
