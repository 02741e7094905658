using System.Globalization;

namespace Compass.Core;

/// <summary>How request arrivals are spread in time.</summary>
public enum ArrivalKind
{
    /// <summary>Independent arrivals (exponential gaps, coefficient of variation 1).</summary>
    Poisson,

    /// <summary>Gamma-distributed gaps: burstier than Poisson when the coefficient of variation exceeds 1, smoother below.</summary>
    Gamma,

    /// <summary>Evenly spaced arrivals.</summary>
    Constant,
}

/// <summary>An arrival process, described by its kind and the coefficient of variation (CV) of the gaps between requests.</summary>
public sealed record ArrivalPattern
{
    /// <summary>Gets the kind of process.</summary>
    public required ArrivalKind Kind { get; init; }

    /// <summary>Gets the coefficient of variation of inter-arrival gaps (0 constant, 1 Poisson, &gt; 1 bursty).</summary>
    public required double CoefficientOfVariation
    {
        get;
        init => field = Guard.NonNegativeFinite(value, nameof(CoefficientOfVariation));
    }

    /// <summary>Gets Poisson arrivals.</summary>
    public static ArrivalPattern Poisson { get; } = new() { Kind = ArrivalKind.Poisson, CoefficientOfVariation = 1 };

    /// <summary>Gets evenly spaced arrivals.</summary>
    public static ArrivalPattern Constant { get; } = new() { Kind = ArrivalKind.Constant, CoefficientOfVariation = 0 };

    /// <summary>Gamma-distributed gaps with the given coefficient of variation.</summary>
    /// <param name="coefficientOfVariation">The CV of the gaps, greater than zero.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The CV is not positive.</exception>
    public static ArrivalPattern Gamma(double coefficientOfVariation)
        => new() { Kind = ArrivalKind.Gamma, CoefficientOfVariation = Guard.PositiveFinite(coefficientOfVariation) };

    /// <summary>Parses <c>poisson</c>, <c>constant</c> or <c>gamma:CV</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="FormatException">The text is not an arrival pattern.</exception>
    public static ArrivalPattern Parse(string text)
    {
        var value = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (value == "poisson")
        {
            return Poisson;
        }

        if (value == "constant")
        {
            return Constant;
        }

        if (value.StartsWith("gamma:", StringComparison.Ordinal)
            && double.TryParse(value[6..], NumberStyles.Float, CultureInfo.InvariantCulture, out var cv) && double.IsFinite(cv) && cv > 0)
        {
            return Gamma(cv);
        }

        throw new FormatException($"'{text}' is not an arrival pattern. Use poisson, constant or gamma:CV with CV > 0 (e.g. gamma:2 for bursty traffic).");
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ArrivalKind.Gamma => string.Create(CultureInfo.InvariantCulture, $"gamma:{CoefficientOfVariation:0.##}"),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
