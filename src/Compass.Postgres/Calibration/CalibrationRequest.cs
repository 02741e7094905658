namespace Compass.Postgres.Calibration;

/// <summary>How <see cref="OutcomeCalibrationService"/> refits a GPU class.</summary>
public sealed record CalibrationRequest
{
    /// <summary>Gets the share of outcomes (whole deployments where possible) held back to measure the error, in (0, 1) (default 0.3).</summary>
    public double HoldBackFraction { get; init; } = 0.3;

    /// <summary>Gets the fewest usable outcomes a refit needs (default 4).</summary>
    public int MinimumOutcomes { get; init; } = 4;

    /// <summary>Gets the seed of the hold-back split (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Gets how much the held-back error must drop for the refit to be activated, as a fraction (default 0.01: one percentage point).</summary>
    public double MinimumImprovement { get; init; } = 0.01;

    /// <summary>Gets whether to only report what the refit would do, writing nothing.</summary>
    public bool DryRun { get; init; }
}
