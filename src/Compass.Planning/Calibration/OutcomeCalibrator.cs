using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Performance;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Compass.Planning.Calibration;

/// <summary>
/// Refits one GPU class's <see cref="EngineCoefficients"/> to what real deployments measured (<see cref="MeasuredOutcome"/>),
/// the feedback half of planning. Each outcome is predicted the way plans predict a configuration without benchmarks:
/// the roofline step-time model of its (model, format, GPU, TP) with the coefficients, and the mean-field
/// <see cref="ServingEstimator"/> at its load (a closed loop of N users settles at the rate λ where λ × mean E2E = N).
/// Three scales are fitted with the Nelder–Mead simplex on the training outcomes, minimizing the mean over outcomes
/// of the mean over measured metrics of |ln(predicted ÷ measured)|: the GPU's bandwidth efficiencies (weight and KV
/// reads), its compute efficiencies (GEMM and attention) and the engine's CPU overhead per step and per sequence.
/// A deterministic, seeded share of the outcomes, chosen by group (deployment), is held back and reports the mean
/// absolute percentage error before and after. Pure: the data comes in as arguments.
/// </summary>
public static class OutcomeCalibrator
{
    /// <summary>The <see cref="CoefficientEvidence.Part"/> of the evidence entry a refit adds.</summary>
    public const string EvidencePart = "serving refit";

    // How a refit's source and evidence begin; sources written before the wording changed begin with the second one.
    private const string RefitPrefix = "outcome refit";
    private const string EarlierRefitPrefix = "refit by compass calibrate";

    private const double Percentile = 95;
    private const double FailedPredictionLoss = 2;

    /// <summary>Predicts a measured outcome's metrics with given coefficients.</summary>
    /// <param name="catalog">The catalog (model and GPU specs).</param>
    /// <param name="coefficients">The coefficients for the outcome's GPU class.</param>
    /// <param name="outcome">The outcome (its configuration and load; its measurements are not read).</param>
    /// <param name="failure">Why there is no prediction, when null is returned.</param>
    /// <returns>The prediction, or <see langword="null"/> when the model or GPU is unknown, does not fit, or the load is beyond what the coefficients can serve.</returns>
    public static OutcomePrediction? Predict(KnowledgeCatalog catalog, EngineCoefficients coefficients, MeasuredOutcome outcome, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(outcome);
        if (Resolve(catalog, outcome, out failure) is not { } resolved)
        {
            return null;
        }

        return Predict(resolved, coefficients, out failure);
    }

    /// <summary>The mean absolute percentage error of given coefficients over outcomes (an outcome they cannot predict counts 100%).</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="coefficients">The coefficients.</param>
    /// <param name="outcomes">The outcomes (with measurements).</param>
    /// <returns>The error as a fraction (0.08 = 8%); 0 for no outcomes.</returns>
    public static double Error(KnowledgeCatalog catalog, EngineCoefficients coefficients, IReadOnlyList<MeasuredOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(outcomes);
        var resolved = new List<Resolved>();
        foreach (var o in outcomes)
        {
            if (Resolve(catalog, o, out var failure) is not { } r)
            {
                throw new ArgumentException($"Outcome {o.Id} cannot be predicted: {failure}", nameof(outcomes));
            }

            resolved.Add(r);
        }

        return Mape(resolved, coefficients);
    }

    /// <summary>Refits the coefficients of <paramref name="current"/>'s GPU class to the outcomes of that class.</summary>
    /// <param name="catalog">The catalog (model and GPU specs).</param>
    /// <param name="current">The coefficients in use for the GPU class (its own, borrowed or textbook).</param>
    /// <param name="outcomes">Measured outcomes; those of other GPU classes, of models the catalog lacks, or without measurements are skipped and listed.</param>
    /// <param name="fittedOn">The date of the refit, written into its evidence.</param>
    /// <param name="options">The split and the improvement required; defaults when null.</param>
    /// <returns>The refit and its held-back error before and after.</returns>
    /// <exception cref="ArgumentException">Fewer usable outcomes than <see cref="OutcomeCalibrationOptions.MinimumOutcomes"/>.</exception>
    public static OutcomeCalibration Calibrate(
        KnowledgeCatalog catalog, EngineCoefficients current, IReadOnlyList<MeasuredOutcome> outcomes, DateOnly fittedOn, OutcomeCalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(outcomes);
        options ??= new OutcomeCalibrationOptions();

        var usable = new List<Resolved>();
        var skipped = ImmutableArray.CreateBuilder<string>();
        foreach (var o in outcomes)
        {
            if (o.Gpu != current.Gpu)
            {
                skipped.Add($"{o.Id}: measured on {o.Gpu}, not {current.Gpu}");
            }
            else if (!o.HasMeasurements)
            {
                skipped.Add($"{o.Id}: no measured TTFT, ITL or E2E");
            }
            else if (Resolve(catalog, o, out var failure) is { } r)
            {
                usable.Add(r);
            }
            else
            {
                skipped.Add($"{o.Id}: {failure}");
            }
        }

        if (usable.Count < options.MinimumOutcomes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Refitting {current.Gpu} needs at least {options.MinimumOutcomes} measured outcomes of it; {usable.Count} are usable")
                + (skipped.Count > 0 ? $" ({skipped.Count} skipped: {string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? "; …" : string.Empty)})." : "."),
                nameof(outcomes));
        }

        var (training, heldBack) = Split(usable, r => r.Outcome.Group, r => r.Outcome.Id, options.HoldBackFraction, options.Seed);
        double Objective(Vector<double> x) => Loss(training, Apply(current, x)) + (0.001 * x.DotProduct(x));
        var result = new NelderMeadSimplex(1e-7, 1500).FindMinimum(
            ObjectiveFunction.Value(Objective), Vector<double>.Build.Dense(3, 0.0), Vector<double>.Build.Dense(3, 0.25));
        var fitted = Apply(current, result.MinimizingPoint);

        var errorBefore = Mape(heldBack, current);
        var errorAfter = Mape(heldBack, fitted);
        var trainingBefore = Mape(training, current);
        var trainingAfter = Mape(training, fitted);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{RefitPrefix} on {usable.Count} measured outcomes ({heldBack.Count} held back: error {errorBefore * 100:0}% → {errorAfter * 100:0}%), {fittedOn:yyyy-MM-dd}");
        var previousSource = (current.Source.StartsWith(RefitPrefix, StringComparison.Ordinal) || current.Source.StartsWith(EarlierRefitPrefix, StringComparison.Ordinal))
            && current.Source.IndexOf("; ", StringComparison.Ordinal) is var cut and > 0
            ? current.Source[(cut + 2)..]
            : current.Source;
        var after = fitted with
        {
            Calibrated = true,
            Source = $"{detail}; {previousSource}",
            FitQuality = string.Create(CultureInfo.InvariantCulture,
                $"held-back MAPE {errorAfter * 100:0.0}% over {heldBack.Count} outcomes (was {errorBefore * 100:0.0}%); in-sample {trainingAfter * 100:0.0}% over {training.Count}"),
            Evidence = [new CoefficientEvidence(EvidencePart, EvidenceKind.Measured, detail), .. current.Evidence.Where(e => e.Part != EvidencePart)],
        };

        return new OutcomeCalibration(
            current,
            after,
            [.. training.Select(r => r.Outcome.Id)],
            [.. heldBack.Select(r => r.Outcome.Id)],
            skipped.ToImmutable(),
            errorBefore,
            errorAfter,
            trainingBefore,
            trainingAfter,
            errorAfter <= errorBefore - options.MinimumImprovement);
    }

    /// <summary>
    /// Splits items into training and held-back ones: whole groups in a seeded random order until the held-back share
    /// is reached (keeping at least 2 for training), else single items when the groups are too big. At least one item
    /// is held back and at least one trains.
    /// </summary>
    internal static (List<T> Training, List<T> HeldBack) Split<T>(IReadOnlyList<T> items, Func<T, string> group, Func<T, string> id, double fraction, int seed)
        where T : class
    {
        var target = Math.Clamp((int)Math.Round(items.Count * fraction), 1, items.Count - 1);
        var minimumTraining = Math.Min(2, items.Count - 1);
        var random = new Random(seed);
        var groups = items.GroupBy(group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(id, StringComparer.Ordinal).ToList()).ToArray();
        random.Shuffle(groups);
        var held = new List<T>();
        foreach (var g in groups)
        {
            if (held.Count < target && held.Count + g.Count <= 2 * target && items.Count - held.Count - g.Count >= minimumTraining)
            {
                held.AddRange(g);
            }
        }

        if (held.Count == 0)
        {
            var ordered = items.OrderBy(id, StringComparer.Ordinal).ToArray();
            random.Shuffle(ordered);
            held.AddRange(ordered.Take(target));
        }

        var heldSet = held.ToHashSet(ReferenceEqualityComparer.Instance);
        return ([.. items.Where(r => !heldSet.Contains(r))], held);
    }

    private static EngineCoefficients Apply(EngineCoefficients c, Vector<double> x)
    {
        var bandwidth = Math.Exp(Math.Clamp(x[0], -2.5, 2.5));
        var compute = Math.Exp(Math.Clamp(x[1], -2.5, 2.5));
        var overhead = Math.Exp(Math.Clamp(x[2], -5, 3));
        return c with
        {
            MemoryEfficiency = Math.Clamp(c.MemoryEfficiency * bandwidth, 0.02, 1),
            KvBandwidthEfficiency = c.KvBandwidthEfficiency == 0 ? 0 : Math.Clamp(c.KvBandwidthEfficiency * bandwidth, 0.02, 1),
            GemmEfficiency = Math.Clamp(c.GemmEfficiency * compute, 0.02, 1),
            AttentionEfficiency = Math.Clamp(c.AttentionEfficiency * compute, 0.02, 1),
            StepOverheadMs = Math.Max(c.StepOverheadMs, 0.01) * overhead,
            SequenceOverheadUs = c.SequenceOverheadUs * overhead,
        };
    }

    private static double Loss(List<Resolved> outcomes, EngineCoefficients c)
        => outcomes.Count == 0 ? 0 : outcomes.Average(r => Compare(r, c, ratio => Math.Abs(Math.Log(ratio)), FailedPredictionLoss));

    private static double Mape(List<Resolved> outcomes, EngineCoefficients c)
        => outcomes.Count == 0 ? 0 : outcomes.Average(r => Compare(r, c, ratio => Math.Abs(ratio - 1), 1));

    // The mean over the outcome's measured metrics of error(predicted ÷ measured).
    private static double Compare(Resolved r, EngineCoefficients c, Func<double, double> error, double failed)
    {
        if (Predict(r, c, out _) is not { } p)
        {
            return failed;
        }

        var o = r.Outcome;
        double sum = 0;
        var n = 0;
        void Add(double? measured, double predicted)
        {
            if (measured is { } m)
            {
                sum += predicted > 0 && double.IsFinite(predicted) ? error(predicted / m) : failed;
                n++;
            }
        }

        Add(o.TtftP95Ms, p.TtftP95Ms);
        Add(o.ItlP95Ms, p.ItlP95Ms);
        Add(o.E2eP95Ms, p.E2eP95Ms);
        Add(o.TtftMeanMs, p.TtftMeanMs);
        Add(o.ItlMeanMs, p.ItlMeanMs);
        if (o.RequestRate is null)
        {
            Add(o.OutputTokensPerSecond, p.OutputTokensPerSecond);
        }

        return n == 0 ? 0 : sum / n;
    }

    private static Resolved? Resolve(KnowledgeCatalog catalog, MeasuredOutcome outcome, out string? failure)
    {
        failure = null;
        if (catalog.GetModel(outcome.Model) is not { } model)
        {
            failure = $"model {outcome.Model} is not in the knowledge base";
        }
        else if (catalog.GetGpu(outcome.Gpu) is not { } gpu)
        {
            failure = $"GPU {outcome.Gpu} is not in the knowledge base";
        }
        else if (model.FindFormat(outcome.Quantization) is null)
        {
            failure = $"model {outcome.Model} has no {outcome.Quantization} format in the knowledge base";
        }
        else if (outcome.RequestRate is null && outcome.Concurrency is null)
        {
            failure = "neither a request rate nor a concurrency was recorded";
        }
        else
        {
            try
            {
                // Validates that the configuration fits; the coefficients do not change the memory model.
                EngineProfiles.Create(model, outcome.Quantization, gpu, outcome.TensorParallel, EngineCoefficients.Uncalibrated(gpu.Type));
                return new Resolved(outcome, model, gpu);
            }
            catch (ArgumentException ex)
            {
                failure = ex.Message;
            }
        }

        return null;
    }

    private static OutcomePrediction? Predict(Resolved r, EngineCoefficients coefficients, out string? failure)
    {
        var o = r.Outcome;
        var profile = EngineProfiles.Create(r.Model, o.Quantization, r.Gpu, o.TensorParallel, coefficients);
        var prompt = TokenDistribution.Fixed(Math.Max(1, (int)Math.Round(o.PromptTokens)));
        var output = TokenDistribution.Fixed(Math.Max(1, (int)Math.Round(o.OutputTokens)));
        ServingEstimate? Estimate(double rate, out string? why)
        {
            var estimate = ServingEstimator.Estimate(profile, rate, prompt, output, ArrivalPattern.Poisson, Percentile, out var reason);
            why = reason?.Describe();
            return estimate;
        }


        double rate;
        ServingEstimate? estimate;
        if (o.RequestRate is { } total)
        {
            rate = total / o.Replicas;
            estimate = Estimate(rate, out failure);
        }
        else
        {
            // A closed loop of N users without think time settles where λ × mean E2E = N (Little's law).
            var users = (double)o.Concurrency!.Value / o.Replicas;
            var light = Estimate(1e-6, out failure);
            if (light is null)
            {
                return null;
            }

            double low = 0, high = users * 1000 / light.MeanE2eMs;
            for (var i = 0; i < 30; i++)
            {
                var mid = (low + high) / 2;
                if (Estimate(mid, out _) is { } e && mid * e.MeanE2eMs / 1000 <= users)
                {
                    low = mid;
                }
                else
                {
                    high = mid;
                }
            }

            rate = Math.Max(low, 1e-6);
            estimate = Estimate(rate, out failure);
        }

        return estimate is null
            ? null
            : new OutcomePrediction(rate * o.Replicas, estimate.TtftMs, estimate.ItlMs, estimate.E2eMs, estimate.MeanTtftMs, estimate.MeanItlMs, rate * o.Replicas * output.Mean);
    }

    private sealed record Resolved(MeasuredOutcome Outcome, ModelSpec Model, GpuSpec Gpu);
}
