using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Planning.Calibration;

/// <summary>The result of refitting a GPU class's coefficients to measured outcomes. Errors are mean absolute percentage errors as fractions (0.08 = 8%).</summary>
/// <param name="Before">The coefficients in use before.</param>
/// <param name="After">The refit coefficients, whose <see cref="EngineCoefficients.Evidence"/> says what they rest on.</param>
/// <param name="Training">The ids of the outcomes the fit used.</param>
/// <param name="HeldBack">The ids of the outcomes held back to measure the error.</param>
/// <param name="Skipped">Outcomes that could not be used, each with why (other GPU class, model not in the catalog, does not fit, nothing measured).</param>
/// <param name="ErrorBefore">The held-back error with <paramref name="Before"/>.</param>
/// <param name="ErrorAfter">The held-back error with <paramref name="After"/>.</param>
/// <param name="TrainingErrorBefore">The in-sample error with <paramref name="Before"/>.</param>
/// <param name="TrainingErrorAfter">The in-sample error with <paramref name="After"/>.</param>
/// <param name="Improved">Whether the held-back error dropped by at least the requested improvement.</param>
public sealed record OutcomeCalibration(
    EngineCoefficients Before,
    EngineCoefficients After,
    ImmutableArray<string> Training,
    ImmutableArray<string> HeldBack,
    ImmutableArray<string> Skipped,
    double ErrorBefore,
    double ErrorAfter,
    double TrainingErrorBefore,
    double TrainingErrorAfter,
    bool Improved);
