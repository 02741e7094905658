using System.Globalization;
using Compass.Core;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Compass.Planning.Calibration;

/// <summary>
/// Adjusts coefficients carried over from the reference GPU to another GPU class with real measurements of that class:
/// its weight- and KV-read bandwidth efficiencies (one scale for both: the memory system differs) and, with at least
/// eight measurements, its fixed cost per layer (kernel launch latencies differ between GPU generations and vendors),
/// by minimizing the mean absolute percentage error with the Nelder–Mead simplex.
/// </summary>
internal static class GpuAdjustmentFit
{
    /// <summary>Fits the adjustment.</summary>
    /// <param name="borrowed">The reference GPU's coefficients applied to this GPU class.</param>
    /// <param name="observations">Measurements of this GPU class (at least 2).</param>
    /// <returns>The adjusted coefficients, calibrated, with the GPU-work evidence saying what they rest on.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 measurements, or measurements of another GPU class.</exception>
    public static EngineCoefficients Fit(EngineCoefficients borrowed, IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(borrowed);
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count < 2 || observations.Any(o => o.Gpu != borrowed.Gpu))
        {
            throw new ArgumentException($"Adjusting {borrowed.Gpu} needs at least 2 measurements of it.", nameof(observations));
        }

        var layerToo = observations.Count >= 8;
        double Objective(Vector<double> x)
        {
            var c = Apply(borrowed, x, layerToo);
            return observations.Average(o => Math.Abs((o.Predict(c) / o.MeasuredMs) - 1));
        }

        var x0 = Vector<double>.Build.Dense(layerToo ? 2 : 1, 0.0);
        var result = new NelderMeadSimplex(1e-8, 2000).FindMinimum(ObjectiveFunction.Value(Objective), x0, Vector<double>.Build.Dense(x0.Count, 0.3));
        var fitted = Apply(borrowed, result.MinimizingPoint, layerToo);
        var groups = observations.Select(o => o.Group).Distinct().Count();
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{observations.Count} real vLLM {borrowed.Gpu} batch-latency runs of {groups} model(s): H100's measured step model with {borrowed.Gpu}'s bandwidth efficiency{(layerToo ? " and fixed cost per layer" : string.Empty)} refitted");
        return fitted with
        {
            Calibrated = true,
            Source = $"{detail}; {borrowed.Source}",
            FitQuality = string.Create(CultureInfo.InvariantCulture, $"in-sample batch-latency MAPE {Objective(result.MinimizingPoint) * 100:0.0}% over {observations.Count} runs"),
            Evidence = [.. borrowed.Evidence.Select(e => e.Part == "gpu work" ? new CoefficientEvidence("gpu work", EvidenceKind.Measured, detail) : e)],
        };
    }

    /// <summary>
    /// Fits the in-engine latency of one all-reduce to real multi-GPU runs of a GPU class whose GPU work is measured: a
    /// kernel timed alone omits the wait for the slowest GPU of the group that every all-reduce in a real step pays.
    /// </summary>
    /// <param name="coefficients">The GPU class's coefficients.</param>
    /// <param name="observations">Its real runs with tensor parallelism above 1 (at least 1).</param>
    /// <returns>The coefficients with the fitted latency, and the all-reduce evidence saying so.</returns>
    /// <exception cref="ArgumentException">No multi-GPU run of that class.</exception>
    public static EngineCoefficients FitAllReduce(EngineCoefficients coefficients, IReadOnlyList<LatencyObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(observations);
        var runs = observations.Where(o => o.Gpu == coefficients.Gpu && o.TensorParallel > 1).ToArray();
        if (runs.Length == 0)
        {
            throw new ArgumentException($"Fitting {coefficients.Gpu}'s all-reduce latency needs multi-GPU runs of it.", nameof(observations));
        }

        EngineCoefficients With(double x) => coefficients with { AllReduceLatencyUs = Math.Exp(Math.Clamp(x, -5, 7)) };
        double Objective(Vector<double> x) => runs.Average(o => Math.Abs((o.Predict(With(x[0])) / o.MeasuredMs) - 1));
        var start = Vector<double>.Build.Dense(1, Math.Log(Math.Max(1, coefficients.AllReduceLatencyUs)));
        var result = new NelderMeadSimplex(1e-8, 500).FindMinimum(ObjectiveFunction.Value(Objective), start, Vector<double>.Build.Dense(1, 0.5));
        var fitted = With(result.MinimizingPoint[0]);
        var tps = string.Join("/", runs.Select(r => r.TensorParallel).Distinct().Order().Select(t => t.ToString(CultureInfo.InvariantCulture)));
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"bandwidth from kernel timings; in-engine latency {fitted.AllReduceLatencyUs:0.0} µs per all-reduce fitted on {runs.Length} real vLLM {coefficients.Gpu} batch-latency runs at TP {tps}");
        return fitted with
        {
            Source = $"{detail}; {coefficients.Source}",
            Evidence = [.. coefficients.Evidence.Select(e => e.Part == "all-reduce" ? new CoefficientEvidence("all-reduce", EvidenceKind.Measured, detail) : e)],
        };
    }

    private static EngineCoefficients Apply(EngineCoefficients borrowed, Vector<double> x, bool layerToo)
    {
        var scale = Math.Exp(Math.Clamp(x[0], -3, 3));
        return borrowed with
        {
            MemoryEfficiency = Math.Clamp(borrowed.MemoryEfficiency * scale, 0.05, 1),
            KvBandwidthEfficiency = Math.Clamp(borrowed.EffectiveKvBandwidthEfficiency * scale, 0.05, 1),
            LayerOverheadUs = layerToo ? borrowed.LayerOverheadUs * Math.Exp(Math.Clamp(x[1], -5, 5)) : borrowed.LayerOverheadUs,
        };
    }
}
