using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Engine;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Compass.Planning.Calibration;

/// <summary>One sample's prediction by a fitted model.</summary>
/// <param name="Sample">The measurement.</param>
/// <param name="PredictedMs">The predicted GPU work, in milliseconds.</param>
/// <param name="Used">Whether the fit used the sample (launch-bound measurements are left out, see <see cref="GpuWorkFit"/>).</param>
internal sealed record StepPrediction(StepSample Sample, double PredictedMs, bool Used)
{
    /// <summary>Gets the relative error, (predicted − measured) ÷ measured.</summary>
    public double RelativeError => (PredictedMs - Sample.MeasuredMs) / Sample.MeasuredMs;
}

/// <summary>The error of a fit on one model shape and phase, in percent.</summary>
/// <param name="Model">The model shape.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Samples">Samples compared.</param>
/// <param name="Mape">Mean absolute percentage error.</param>
/// <param name="MaxError">The largest absolute percentage error.</param>
/// <param name="Under">Samples predicted below their measurement.</param>
internal sealed record StepError(ModelId Model, StepPhase Phase, int Samples, double Mape, double MaxError, int Under);

/// <summary>
/// Fits the GPU-work coefficients of <see cref="RooflineStepTimeModel"/> (GEMM, weight-read, attention and KV-read
/// efficiencies, element-wise traffic, fixed costs per layer and per step) to measured step timings, by minimizing the
/// mean absolute percentage error with the Nelder–Mead simplex (MathNet), efficiencies kept in (0, 1) by a logistic
/// map. A prefill measurement slower than a longer prompt of the same model and batch is launch-bound (the GPU waited
/// for the CPU to issue kernels, as eager PyTorch does for short prompts) and is left out of the fit, and said so.
/// </summary>
internal static class GpuWorkFit
{
    private const int Parameters = 7;

    /// <summary>Fits the coefficients to the samples.</summary>
    /// <param name="gpu">The GPU every sample ran on.</param>
    /// <param name="samples">The measurements (BF16).</param>
    /// <param name="start">Coefficients to start from; the fitted ones replace its GPU-work values and keep the rest.</param>
    /// <returns>The fitted coefficients.</returns>
    /// <exception cref="ArgumentException">Fewer than <c>2 × 7</c> usable samples.</exception>
    public static EngineCoefficients Fit(GpuSpec gpu, IReadOnlyList<StepSample> samples, EngineCoefficients start)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(start);
        var used = samples.Where(s => !IsLaunchBound(s, samples)).ToArray();
        if (used.Length < 2 * Parameters)
        {
            throw new ArgumentException($"Fitting the GPU-work coefficients needs at least {2 * Parameters} step measurements (got {used.Length}).", nameof(samples));
        }

        double Objective(Vector<double> x)
        {
            var c = Apply(start, x);
            var sum = 0.0;
            foreach (var s in used)
            {
                sum += Math.Abs((Predict(s, gpu, c) / s.MeasuredMs) - 1);
            }

            return sum / used.Length;
        }

        // Nelder–Mead finds local minima in seven dimensions: start from the given coefficients and from two fixed
        // points on either side, restart each from its minimum with a fresh simplex until it stops improving, and keep
        // the best, so the result hardly depends on where it started.
        var starts = new[]
        {
            Vector(start.GemmEfficiency, start.MemoryEfficiency, start.AttentionEfficiency, start.EffectiveKvBandwidthEfficiency, start.ActivationTraffic, start.LayerOverheadUs, start.StepFixedMs),
            Vector(0.5, 0.6, 0.4, 0.7, 2, 20, 0.1),
            Vector(0.8, 0.9, 0.7, 0.9, 8, 2, 0.5),
        };
        var best = starts[0];
        var bestValue = Objective(best);
        var perturbation = Vector<double>.Build.Dense(Parameters, 0.5);
        foreach (var x0 in starts)
        {
            var point = x0;
            var value = Objective(point);
            for (var round = 0; round < 8; round++)
            {
                var result = new NelderMeadSimplex(1e-10, 8000).FindMinimum(ObjectiveFunction.Value(Objective), point, perturbation);
                if (result.FunctionInfoAtMinimum.Value >= value - 1e-7)
                {
                    break;
                }

                point = result.MinimizingPoint;
                value = result.FunctionInfoAtMinimum.Value;
            }

            if (value < bestValue)
            {
                best = point;
                bestValue = value;
            }
        }

        return Apply(start, best);
    }

    /// <summary>Predicts a sample's GPU work.</summary>
    /// <param name="sample">The measurement.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="coefficients">The coefficients.</param>
    /// <returns>The predicted GPU work, in milliseconds.</returns>
    public static double Predict(StepSample sample, GpuSpec gpu, EngineCoefficients coefficients)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new RooflineStepTimeModel(sample.Model, sample.Quantization, gpu, sample.TensorParallel, coefficients).Predict(sample.Batch).GpuMs;
    }

    /// <summary>Predicts every sample, marking the ones a fit leaves out.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <param name="samples">The measurements.</param>
    /// <param name="coefficients">The coefficients.</param>
    /// <returns>The predictions, in sample order.</returns>
    public static ImmutableArray<StepPrediction> PredictAll(GpuSpec gpu, IReadOnlyList<StepSample> samples, EngineCoefficients coefficients)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return [.. samples.Select(s => new StepPrediction(s, Predict(s, gpu, coefficients), !IsLaunchBound(s, samples)))];
    }

    /// <summary>
    /// Leave-one-shape-out: for each model shape, fits on the other shapes only and predicts this one's samples, so the
    /// errors are those of a shape the fit has never seen.
    /// </summary>
    /// <param name="gpu">The GPU.</param>
    /// <param name="samples">The measurements of at least two shapes.</param>
    /// <param name="start">Coefficients to start each fit from.</param>
    /// <returns>The held-out predictions of every sample.</returns>
    public static ImmutableArray<StepPrediction> LeaveOneShapeOut(GpuSpec gpu, IReadOnlyList<StepSample> samples, EngineCoefficients start)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new List<StepPrediction>();
        foreach (var shape in samples.Select(s => s.Model.Id).Distinct())
        {
            var fitted = Fit(gpu, [.. samples.Where(s => s.Model.Id != shape)], start);
            var held = samples.Where(s => s.Model.Id == shape).ToList();
            result.AddRange(held.Select(s => new StepPrediction(s, Predict(s, gpu, fitted), !IsLaunchBound(s, held))));
        }

        return [.. result];
    }

    /// <summary>Summarises predictions per model shape and phase.</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="usedOnly">Whether to leave out the samples the fit leaves out.</param>
    /// <returns>One entry per (shape, phase), in a stable order.</returns>
    public static ImmutableArray<StepError> Errors(IEnumerable<StepPrediction> predictions, bool usedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return [.. predictions.Where(p => !usedOnly || p.Used)
            .GroupBy(p => (p.Sample.Model.Id, p.Sample.Phase))
            .OrderBy(g => g.Key.Id.Value, StringComparer.Ordinal).ThenBy(g => g.Key.Phase)
            .Select(g => new StepError(g.Key.Id, g.Key.Phase, g.Count(), g.Average(p => Math.Abs(p.RelativeError)) * 100, g.Max(p => Math.Abs(p.RelativeError)) * 100, g.Count(p => p.RelativeError < 0)))];
    }

    /// <summary>
    /// Gets whether a prefill measurement is launch-bound: slower than a longer prompt of the same model, batch and GPU
    /// (more work cannot take less time, so the GPU was waiting for the CPU).
    /// </summary>
    /// <param name="sample">The measurement.</param>
    /// <param name="all">The measurements it came with.</param>
    /// <returns><see langword="true"/> for a launch-bound prefill.</returns>
    public static bool IsLaunchBound(StepSample sample, IEnumerable<StepSample> all)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(all);
        return sample.Phase == StepPhase.Prefill && all.Any(o =>
            o.Phase == StepPhase.Prefill && o.Model.Id == sample.Model.Id && o.Gpu == sample.Gpu
            && o.Batch.PrefillSequences == sample.Batch.PrefillSequences && o.Batch.PrefillTokens > sample.Batch.PrefillTokens
            && o.MeasuredMs < sample.MeasuredMs);
    }

    private static EngineCoefficients Apply(EngineCoefficients start, Vector<double> x) => start with
    {
        GemmEfficiency = Logistic(x[0]),
        MemoryEfficiency = Logistic(x[1]),
        AttentionEfficiency = Logistic(x[2]),
        KvBandwidthEfficiency = Logistic(x[3]),
        ActivationTraffic = Math.Exp(Math.Clamp(x[4], -20, 5)),
        LayerOverheadUs = Math.Exp(Math.Clamp(x[5], -20, 8)),
        StepFixedMs = Math.Exp(Math.Clamp(x[6], -20, 3)),
    };

    private static Vector<double> Vector(double gemm, double weights, double attention, double kv, double traffic, double layerUs, double stepMs)
        => Vector<double>.Build.DenseOfArray(
            [Logit(gemm), Logit(weights), Logit(attention), Logit(kv), Math.Log(Math.Max(0.1, traffic)), Math.Log(Math.Max(0.1, layerUs)), Math.Log(Math.Max(0.01, stepMs))]);

    private static double Logistic(double x) => Math.Clamp(1 / (1 + Math.Exp(-x)), 1e-4, 1 - 1e-9);

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 0.01, 0.99);
        return Math.Log(q / (1 - q));
    }
}
