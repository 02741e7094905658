using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Postgres.Calibration;

/// <summary>What <c>compass calibrate</c> did for one GPU class. Errors are mean absolute percentage errors on the held-back outcomes, as fractions (0.08 = 8%).</summary>
/// <param name="Gpu">The GPU class.</param>
/// <param name="OutcomesUsed">Outcomes the fit used.</param>
/// <param name="OutcomesHeldBack">Outcomes held back to measure the error.</param>
/// <param name="ErrorBefore">The held-back error of the coefficients in use before.</param>
/// <param name="ErrorAfter">The held-back error of the refit.</param>
/// <param name="Activated">Whether the refit is now the GPU class's active calibration (planning uses it).</param>
/// <param name="Reason">Why it was or was not activated, for people.</param>
/// <param name="Before">The coefficients in use before.</param>
/// <param name="After">The refit coefficients (active only when <paramref name="Activated"/>).</param>
public sealed record CalibrationReport(
    GpuType Gpu, int OutcomesUsed, int OutcomesHeldBack, double ErrorBefore, double ErrorAfter, bool Activated, string Reason, EngineCoefficients Before, EngineCoefficients After)
{
    /// <summary>Gets the stored outcomes of this GPU class that could not be used, each with why (e.g. its model is not in the knowledge base).</summary>
    public ImmutableArray<string> Skipped { get; init; } = [];

    /// <summary>Gets the in-sample error of the coefficients before, on the outcomes the fit used.</summary>
    public double TrainingErrorBefore { get; init; }

    /// <summary>Gets the in-sample error of the refit, on the outcomes the fit used.</summary>
    public double TrainingErrorAfter { get; init; }

    /// <summary>Gets the id of the <c>engine_calibrations</c> row written (active or not); null for a dry run.</summary>
    public long? CalibrationId { get; init; }
}
