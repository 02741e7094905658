namespace Compass.Planning.Calibration;

/// <summary>How <see cref="OutcomeCalibrator"/> splits and judges a refit.</summary>
public sealed record OutcomeCalibrationOptions
{
    /// <summary>Gets the share of outcomes (by group) held back from the fit to measure its error, in (0, 1) (default 0.3).</summary>
    public double HoldBackFraction { get; init => field = value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(HoldBackFraction), value, "The hold-back fraction must be between 0 and 1 (exclusive)."); } = 0.3;

    /// <summary>Gets the fewest usable outcomes a refit needs (default 4, at least 2: one to fit, one to hold back).</summary>
    public int MinimumOutcomes { get; init => field = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(MinimumOutcomes), value, "A refit needs at least 2 outcomes."); } = 4;

    /// <summary>Gets the seed of the hold-back split (the same seed and outcomes give the same split).</summary>
    public int Seed { get; init; }

    /// <summary>Gets how much the held-back error (a fraction, 0.01 = one percentage point) must drop for the refit to count as an improvement (default 0.01).</summary>
    public double MinimumImprovement { get; init => field = Guard.NonNegativeFinite(value, nameof(MinimumImprovement)); } = 0.01;
}
