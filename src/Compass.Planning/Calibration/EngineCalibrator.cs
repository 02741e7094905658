using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using MathNet.Numerics.LinearAlgebra;

namespace Compass.Planning.Calibration;

/// <summary>
/// Fits <see cref="EngineCoefficients"/> per GPU class from real measurements, strongest evidence first:
/// <list type="number">
/// <item><b>GPU work</b> from measured step timings of whole models (prefill, decode and chunked-prefill steps), by
/// <see cref="GpuWorkFit"/>.</item>
/// <item><b>All-reduce</b> latency and bandwidth efficiency from all-reduce kernel timings at TP &gt; 1 (non-negative
/// least squares of latency + bytes ÷ bandwidth).</item>
/// <item><b>Weight formats</b> other than BF16: documented priors (each FP8/INT8 GEMM reaches the same fraction of its
/// own peak as BF16 does of its; dequantizing kernels lose some), labelled as such, and checked against real serving
/// runs in docs/accuracy.md.</item>
/// <item><b>Engine overhead</b> (the serving engine's CPU time per step, per sequence, per request and per token)
/// from the engine-overhead fit on real serving runs when they are given, else documented priors.</item>
/// </list>
/// Simulated benchmark rows are not used. Pure: the data comes in as arguments.
/// </summary>
internal static class EngineCalibrator
{
    /// <summary>The priors for weight formats without measurements of their own.</summary>
    public static ImmutableArray<FormatEfficiency> FormatPriors { get; } =
    [
        new() { Quantization = Quantization.Fp8, ComputeFactor = 1, BandwidthFactor = 1, Evidence = "prior: FP8 GEMMs reach the same fraction of the FP8 peak as BF16 GEMMs of theirs, and read half the bytes at the same bandwidth" },
        new() { Quantization = Quantization.W8A8, ComputeFactor = 1, BandwidthFactor = 1, Evidence = "prior: INT8 GEMMs reach the same fraction of the INT8 peak as BF16 GEMMs of theirs" },
        new() { Quantization = Quantization.W4A16, ComputeFactor = 0.7, BandwidthFactor = 0.85, Evidence = "prior: 4-bit weights are dequantized into BF16 tensor cores (Marlin-style kernels): 70% of BF16's GEMM efficiency, 85% of its bandwidth" },
        new() { Quantization = Quantization.MxFp4, ComputeFactor = 0.7, BandwidthFactor = 0.85, Evidence = "prior: MXFP4 weights are dequantized into BF16 tensor cores on GPUs without FP4 units: 70% of BF16's GEMM efficiency, 85% of its bandwidth" },
    ];

    /// <summary>Priors for the serving engine's CPU overhead, used when no real serving runs are given.</summary>
    public static EngineOverhead OverheadPrior { get; } = new(StepMs: 0.6, SequenceUs: 8, RequestMs: 8, OutputTokenMs: 0,
        "vLLM V1 engine ~0.6 ms per step, 8 µs per sequence, 8 ms from arrival to scheduling (no serving runs fitted)");

    /// <summary>Fits the coefficients of every GPU class that has measurements.</summary>
    /// <param name="catalog">The catalog (GPU datasheets).</param>
    /// <param name="steps">Measured step timings (GPU work).</param>
    /// <param name="kernels">Kernel timings (for the all-reduce fit).</param>
    /// <param name="batchRuns">Measured batch latencies of other GPU classes, predicted with the offline engine's overhead (<see cref="OverheadPrior"/>).</param>
    /// <param name="servingRuns">Real serving runs for the engine-overhead fit; fewer than 4 keep <see cref="OverheadPrior"/>.</param>
    /// <param name="source">A description of the data, stored in each result's <see cref="EngineCoefficients.Source"/>.</param>
    /// <returns>One entry per GPU class with measurements, the step-measured classes first.</returns>
    /// <exception cref="ArgumentException">No GPU class has enough step measurements.</exception>
    public static ImmutableArray<EngineCoefficients> Calibrate(
        KnowledgeCatalog catalog, IReadOnlyList<StepSample> steps, IReadOnlyList<KernelSample> kernels,
        IReadOnlyList<LatencyObservation> batchRuns, IReadOnlyList<ServingObservation> servingRuns, string source)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(batchRuns);
        ArgumentNullException.ThrowIfNull(servingRuns);
        var results = new List<EngineCoefficients>();
        foreach (var group in steps.GroupBy(s => s.Gpu).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            var gpu = catalog.GetGpu(group.Key) ?? throw new ArgumentException($"The catalog has no GPU {group.Key}.", nameof(steps));
            var measured = FitStepMeasured(gpu, [.. group], kernels, source);
            if (batchRuns.Any(r => r.Gpu == gpu.Type && r.TensorParallel > 1))
            {
                measured = GpuAdjustmentFit.FitAllReduce(measured, batchRuns);
            }

            results.Add(measured);
        }

        if (results.Count == 0)
        {
            throw new ArgumentException("Calibration needs step measurements of at least one GPU class.", nameof(steps));
        }

        var reference = results.Find(r => r.Gpu == EngineProfiles.ReferenceGpu) ?? results[0];
        foreach (var group in batchRuns.GroupBy(r => r.Gpu).Where(g => results.TrueForAll(r => r.Gpu != g.Key)).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            results.Add(GpuAdjustmentFit.Fit(reference.BorrowedFor(group.Key), [.. group]));
        }

        if (servingRuns.Count < 4)
        {
            return [.. results];
        }

        EngineCoefficients For(GpuType gpu) => results.Find(r => r.Gpu == gpu) ?? reference.BorrowedFor(gpu);
        var sources = servingRuns.Select(r => r.Group).Distinct().Count();
        var overhead = EngineOverheadFit.Fit(servingRuns, For, OverheadPrior,
            string.Create(CultureInfo.InvariantCulture, $"fitted on {servingRuns.Count} real vLLM serving runs from {sources} sources"));
        return [.. results.Select(r => ServingObservation.With(r, overhead) with
        {
            Source = $"{r.Source}; engine overhead {overhead.Evidence}",
            Evidence = [.. r.Evidence.Select(e => e.Part == "engine overhead" ? new CoefficientEvidence("engine overhead", EvidenceKind.Measured, overhead.Evidence) : e)],
        })];
    }

    private static EngineCoefficients FitStepMeasured(GpuSpec gpu, StepSample[] samples, IReadOnlyList<KernelSample> kernels, string source)
    {
        var overhead = OverheadPrior;
        var fitted = GpuWorkFit.Fit(gpu, samples, Start(gpu.Type, overhead));
        var (allReduce, allReduceEvidence) = FitAllReduce(kernels.Where(k => k.Gpu == gpu.Type && k.Operation == KernelOperation.AllReduce).ToArray(), gpu);
        fitted = fitted with
        {
            AllReduceLatencyUs = allReduce.LatencyUs,
            CommunicationEfficiency = allReduce.Efficiency,
        };

        var predictions = GpuWorkFit.PredictAll(gpu, samples, fitted);
        var shapes = samples.Select(s => s.Model.Id).Distinct().Count();
        var used = predictions.Count(p => p.Used);
        var decode = Mape(predictions.Where(p => p.Used && p.Sample.Phase == StepPhase.Decode));
        var prefill = Mape(predictions.Where(p => p.Used && p.Sample.Phase == StepPhase.Prefill));
        return fitted with
        {
            Source = $"GPU work fitted on {used} real {gpu.Type} step timings of {shapes} model shapes; {allReduceEvidence.Detail}; {source}",
            FitQuality = string.Create(CultureInfo.InvariantCulture, $"in-sample GPU-work MAPE: decode {decode:0.0}%, prefill {prefill:0.0}% over {used} steps"),
            Calibrated = true,
            Evidence =
            [
                new CoefficientEvidence("gpu work", EvidenceKind.Measured, $"{used} real {gpu.Type} step timings of {shapes} model shapes (prefill, decode, chunked prefill)"),
                allReduceEvidence,
                new CoefficientEvidence("weight formats", EvidenceKind.Prior, "BF16 measured; FP8, INT8, W4A16 and MXFP4 from documented priors"),
                new CoefficientEvidence("engine overhead", overhead.Kind, overhead.Evidence),
            ],
        };
    }

    /// <summary>Mean absolute percentage error of predictions, in percent (NaN when there are none).</summary>
    /// <param name="predictions">The predictions.</param>
    /// <returns>The MAPE.</returns>
    public static double Mape(IEnumerable<StepPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var errors = predictions.Select(p => Math.Abs(p.RelativeError)).ToArray();
        return errors.Length == 0 ? double.NaN : errors.Average() * 100;
    }

    /// <summary>Mean absolute percentage error, in percent.</summary>
    /// <param name="pairs">Predicted and observed values.</param>
    /// <returns>The MAPE, or NaN when there are no pairs.</returns>
    public static double Mape(IEnumerable<(double Predicted, double Observed)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var errors = pairs.Where(p => p.Observed > 0).Select(p => Math.Abs(p.Predicted - p.Observed) / p.Observed).ToArray();
        return errors.Length == 0 ? double.NaN : errors.Average() * 100;
    }

    /// <summary>The coefficients a fit starts from: textbook efficiencies, the format priors and the given engine overhead.</summary>
    /// <param name="gpu">The GPU class.</param>
    /// <param name="overhead">The engine overhead.</param>
    /// <returns>The starting coefficients.</returns>
    public static EngineCoefficients Start(GpuType gpu, EngineOverhead overhead)
    {
        ArgumentNullException.ThrowIfNull(overhead);
        return EngineCoefficients.Uncalibrated(gpu) with
        {
            GemmEfficiency = 0.65,
            MemoryEfficiency = 0.75,
            AttentionEfficiency = 0.5,
            KvBandwidthEfficiency = 0.8,
            ActivationTraffic = 4,
            LayerOverheadUs = 5,
            StepFixedMs = 0.3,
            Formats = FormatPriors,
            StepOverheadMs = overhead.StepMs,
            SequenceOverheadUs = overhead.SequenceUs,
            RequestOverheadMs = overhead.RequestMs,
            RequestServiceMs = overhead.RequestServiceMs,
            OutputTokenOverheadMs = overhead.OutputTokenMs,
            Calibrated = false,
        };
    }

    private static ((double LatencyUs, double Efficiency), CoefficientEvidence) FitAllReduce(KernelSample[] samples, GpuSpec gpu)
    {
        var prior = EngineCoefficients.Uncalibrated(gpu.Type);
        if (samples.Length < 2)
        {
            return ((prior.AllReduceLatencyUs, prior.CommunicationEfficiency), new CoefficientEvidence("all-reduce", EvidenceKind.Prior, "no all-reduce timings: 10 µs + 70% of the link bandwidth"));
        }

        // Latency + bytes ÷ (link bandwidth × efficiency), each row scaled by its observation (relative least squares).
        var rows = samples.Select(s => (Bytes: KernelRoofline.Ideal(s, gpu).CommBytes, s.LatencyUs)).ToArray();
        var a = Matrix<double>.Build.Dense(rows.Length, 2, (i, j) => (j == 0 ? 1 : rows[i].Bytes / (gpu.InterconnectGBps * 1e3)) / rows[i].LatencyUs);
        var b = Vector<double>.Build.Dense(rows.Length, 1.0);
        var x = NonNegativeLeastSquares.Solve(a, b);
        var efficiency = x[1] > 0 ? Math.Min(1, 1 / x[1]) : prior.CommunicationEfficiency;
        var tps = samples.Select(s => s.TensorParallel).Distinct().Order().Select(t => t.ToString(CultureInfo.InvariantCulture));
        return ((x[0], efficiency), new CoefficientEvidence(
            "all-reduce", EvidenceKind.KernelProfiles, string.Create(CultureInfo.InvariantCulture, $"{samples.Length} {gpu.Type} all-reduce timings at TP {string.Join("/", tps)}: {x[0]:0.0} µs + {efficiency:P0} of the link bandwidth")));
    }
}
