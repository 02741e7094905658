using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Compass.Core;

/// <summary>The shape of a token-length distribution.</summary>
public enum DistributionKind
{
    /// <summary>Every request has the same length.</summary>
    Fixed,

    /// <summary>A normal distribution, truncated to [<see cref="TokenDistribution.Min"/>, <see cref="TokenDistribution.Max"/>].</summary>
    Normal,

    /// <summary>A log-normal distribution with the given mean and standard deviation (right-skewed, as real prompts are).</summary>
    LogNormal,

    /// <summary>Observed lengths, sampled as given.</summary>
    Empirical,
}

/// <summary>
/// A distribution of prompt or output lengths, in tokens. Build one with <see cref="Fixed"/>, <see cref="Normal"/>,
/// <see cref="LogNormal"/>, <see cref="Empirical"/>, <see cref="Parse(string)"/> or the named <see cref="ShareGptPrompts"/>
/// and <see cref="ShareGptOutputs"/>; the mean, standard deviation and
/// percentiles follow from it.
/// </summary>
public sealed partial record TokenDistribution
{
    /// <summary>The largest length Compass accepts (10M tokens, beyond any model's context).</summary>
    public const int MaxTokens = 10_000_000;

    [JsonConstructor]
    internal TokenDistribution(DistributionKind kind, double mean, double stdDev, int min, int max, ImmutableArray<int>? serializedSamples = null)
    {
        Kind = kind;
        Mean = mean;
        StdDev = stdDev;
        Min = min;
        Max = max;
        Samples = serializedSamples is { IsDefault: false } given ? given : [];
        Validate();
    }

    /// <summary>Gets the shape.</summary>
    public DistributionKind Kind { get; }

    /// <summary>Gets the mean length in tokens.</summary>
    public double Mean { get; }

    /// <summary>Gets the standard deviation in tokens.</summary>
    public double StdDev { get; }

    /// <summary>Gets the smallest length drawn, in tokens.</summary>
    public int Min { get; }

    /// <summary>Gets the largest length drawn, in tokens.</summary>
    public int Max { get; }

    /// <summary>Gets the observed lengths of an <see cref="DistributionKind.Empirical"/> distribution (sorted); empty otherwise.</summary>
    [JsonIgnore]
    public ImmutableArray<int> Samples { get; }

    [JsonInclude]
    [JsonPropertyName("samples")]
    internal ImmutableArray<int>? SerializedSamples => Samples.IsEmpty ? null : Samples;

    /// <summary>Gets the median length in tokens.</summary>
    [JsonIgnore]
    public int P50 => Percentile(50);

    /// <summary>Gets the 95th-percentile length in tokens.</summary>
    public int P95 => Percentile(95);

    /// <summary>Gets the 99th-percentile length in tokens.</summary>
    [JsonIgnore]
    public int P99 => Percentile(99);

    /// <summary>Every request has <paramref name="tokens"/> tokens.</summary>
    /// <param name="tokens">The length.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    public static TokenDistribution Fixed(int tokens)
        => new(DistributionKind.Fixed, Guard.Positive(tokens), 0, tokens, tokens, []);

    /// <summary>A normal distribution truncated to [min, max].</summary>
    /// <param name="mean">The mean length.</param>
    /// <param name="stdDev">The standard deviation.</param>
    /// <param name="min">The smallest length (default 1).</param>
    /// <param name="max">The largest length (default mean + 4 standard deviations).</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static TokenDistribution Normal(double mean, double stdDev, int? min = null, int? max = null)
        => new(DistributionKind.Normal, mean, stdDev, min ?? 1, max ?? DefaultMax(mean, stdDev), []);

    /// <summary>A log-normal distribution with the given mean and standard deviation (of the lengths, not of their logarithms).</summary>
    /// <param name="mean">The mean length.</param>
    /// <param name="stdDev">The standard deviation.</param>
    /// <param name="min">The smallest length (default 1).</param>
    /// <param name="max">The largest length (default: the 99.9th percentile).</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static TokenDistribution LogNormal(double mean, double stdDev, int? min = null, int? max = null)
    {
        Guard.PositiveFinite(mean);
        Guard.NonNegativeFinite(stdDev);
        var upper = max ?? (int)Math.Min(MaxTokens, Math.Ceiling(LogNormalQuantile(mean, stdDev, 0.999)));
        return new(DistributionKind.LogNormal, mean, stdDev, min ?? 1, Math.Max(upper, (int)Math.Ceiling(mean)), []);
    }

    /// <summary>The distribution of observed lengths.</summary>
    /// <param name="samples">The lengths; at least one, each positive.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">There are no samples, or one is not positive.</exception>
    public static TokenDistribution Empirical(IEnumerable<int> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToImmutableArray();
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("An empirical distribution needs at least one sample.", nameof(samples));
        }

        if (sorted[0] <= 0)
        {
            throw new ArgumentException("Token lengths must be positive.", nameof(samples));
        }

        var mean = sorted.Average(s => (double)s);
        var sd = Math.Sqrt(sorted.Sum(s => (s - mean) * (s - mean)) / sorted.Length);
        return new(DistributionKind.Empirical, mean, sd, sorted[0], sorted[^1], sorted);
    }

    /// <summary>
    /// Parses <c>512</c> (fixed), <c>fixed:512</c>, <c>normal:512,128</c>, <c>lognormal:512,128</c> (mean, stdev, optional
    /// min and max after them), <c>empirical:100,220,512,…</c>, <c>sharegpt-prompt</c> or <c>sharegpt-output</c>
    /// (see <see cref="ShareGptPrompts"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="FormatException">The text is not a valid distribution.</exception>
    public static TokenDistribution Parse(string text) => Parse(text, null);

    /// <summary>
    /// Parses a distribution of prompt or output lengths: the forms of <see cref="Parse(string)"/>, plus <c>sharegpt</c>,
    /// which means <see cref="ShareGptPrompts"/> for prompts and <see cref="ShareGptOutputs"/> for outputs.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="role">Whether the lengths are of prompts or of outputs.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="FormatException">The text is not a valid distribution.</exception>
    public static TokenDistribution Parse(string text, TokenLengthRole role) => Parse(text, (TokenLengthRole?)role);

    private static TokenDistribution Parse(string text, TokenLengthRole? role)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A token distribution must not be empty. Use e.g. 512, normal:512,128 or lognormal:512,128.");
        }

        const string Usage = "Use 512, fixed:512, normal:MEAN,STDEV[,MIN,MAX], lognormal:MEAN,STDEV[,MIN,MAX], empirical:N1,N2,... or sharegpt";
        if (Named(text.Trim().ToLowerInvariant(), role) is { } named)
        {
            return named;
        }

        var parts = text.Trim().Split(':', 2);
        var kind = parts.Length == 1 ? "fixed" : parts[0].Trim().ToLowerInvariant();
        var numbers = (parts.Length == 1 ? parts[0] : parts[1]).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i])
                || values[i] > MaxTokens)
            {
                throw new FormatException($"'{text}' is not a token distribution: '{numbers[i]}' is not a number of tokens. {Usage}");
            }
        }

        int? Opt(int i) => values.Length > i ? (int)values[i] : null;
        try
        {
            return (kind, values.Length) switch
            {
                ("fixed", 1) => Fixed((int)values[0]),
                ("normal", >= 2 and <= 4) => Normal(values[0], values[1], Opt(2), Opt(3)),
                ("lognormal", >= 2 and <= 4) => LogNormal(values[0], values[1], Opt(2), Opt(3)),
                ("empirical", > 0) => Empirical(values.Select(v => (int)v)),
                _ => throw new FormatException($"'{text}' is not a token distribution. {Usage}"),
            };
        }
        catch (ArgumentException ex)
        {
            // ArgumentException adds " (Parameter 'x')" and ArgumentOutOfRangeException a second line; users need the sentence.
            var reason = ex.Message.ReplaceLineEndings("\n").Split('\n')[0];
            var cut = reason.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new FormatException($"'{text}' is not a valid token distribution: {(cut > 0 ? reason[..cut] : reason).TrimEnd('.')}.", ex);
        }
    }

    /// <summary>Gets the length at a percentile.</summary>
    /// <param name="percentile">The percentile, in (0, 100).</param>
    /// <returns>The length in tokens, rounded up.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The percentile is outside (0, 100).</exception>
    public int Percentile(double percentile)
    {
        if (!(percentile > 0 && percentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile must be in (0, 100).");
        }

        var p = percentile / 100;
        var value = Kind switch
        {
            DistributionKind.Fixed => Mean,
            DistributionKind.Normal => Mean + (StdDev * Statistics.NormalQuantile(p)),
            DistributionKind.LogNormal => LogNormalQuantile(Mean, StdDev, p),
            _ => Statistics.SortedQuantile(Samples.Select(s => (double)s).ToArray(), p),
        };
        return (int)Math.Clamp(Math.Ceiling(value - 1e-9), Min, Max);
    }

    /// <summary>Returns the same shape scaled so that its mean becomes <paramref name="mean"/>.</summary>
    /// <param name="mean">The new mean.</param>
    /// <returns>The scaled distribution.</returns>
    public TokenDistribution WithMean(double mean)
    {
        Guard.PositiveFinite(mean);
        var factor = mean / Mean;
        return Kind switch
        {
            DistributionKind.Fixed => Fixed((int)Math.Round(mean)),
            DistributionKind.Normal => Normal(mean, StdDev * factor, Min, Math.Max((int)Math.Ceiling(mean), (int)Math.Min(MaxTokens, Max * factor))),
            DistributionKind.LogNormal => LogNormal(mean, StdDev * factor),
            _ => Empirical(Samples.Select(s => Math.Max(1, (int)Math.Round(s * factor)))),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DistributionKind.Fixed => ((int)Mean).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToLowerInvariant()}(mean {Mean:0}, sd {StdDev:0}, p95 {P95})"),
    };

    /// <inheritdoc />
    public bool Equals(TokenDistribution? other)
        => ReferenceEquals(this, other) || other is not null && Kind == other.Kind && Mean == other.Mean && StdDev == other.StdDev && Min == other.Min
            && Max == other.Max && Samples.SequenceEqual(other.Samples);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Mean, StdDev, Min, Max, Samples.Length);

    private static int DefaultMax(double mean, double stdDev)
        => (int)Math.Min(MaxTokens, Math.Ceiling(mean + (4 * stdDev)));

    private static double LogNormalQuantile(double mean, double stdDev, double p)
    {
        if (stdDev == 0)
        {
            return mean;
        }

        var sigma2 = Math.Log(1 + (stdDev * stdDev / (mean * mean)));
        var mu = Math.Log(mean) - (sigma2 / 2);
        return Math.Exp(mu + (Math.Sqrt(sigma2) * Statistics.NormalQuantile(p)));
    }

    private void Validate()
    {
        Guard.PositiveFinite(Mean);
        Guard.NonNegativeFinite(StdDev);
        Guard.Positive(Min);
        if (Max < Min || Max > MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(Max), Max, $"The largest length must be between the smallest ({Min}) and {MaxTokens}.");
        }

        if (Mean < Min || Mean > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean, $"The mean must lie between the smallest ({Min}) and largest ({Max}) length.");
        }

        if (Kind == DistributionKind.Empirical && Samples.IsEmpty)
        {
            throw new ArgumentException("An empirical distribution needs samples.", nameof(Samples));
        }
    }
}
