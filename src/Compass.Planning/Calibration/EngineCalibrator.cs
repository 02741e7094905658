using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Statistics;

namespace Compass.Planning.Calibration;

/// <summary>
/// Fits <see cref="EngineCoefficients"/> per GPU class, in two stages:
/// <list type="number">
/// <item>GPU efficiencies from kernel timings, where a GPU class has them: for each kernel sample clearly bound by one
/// roofline term (that term at least 3× the other, and above the 50 µs launch floor), the ideal time over the measured
/// time is one observation of that efficiency; the median of them is the estimate (robust to the odd table entry).
/// All-reduce latency and bandwidth efficiency come from non-negative least squares on the all-reduce timings.
/// A GPU class without kernel timings borrows the reference class's GEMM, attention and all-reduce efficiencies.</item>
/// <item>Engine overheads (and, without kernel timings, the memory efficiency) from serving benchmarks: each stable
/// sweep point gives a mean ITL, explained as the mean-field step (Little's law: rate × (E2E − TTFT) sequences
/// decoding at mean context prompt + output ÷ 2, plus the prompt tokens that arrive during one step) plus a per-step,
/// a per-layer and a per-sequence overhead, fitted by least absolute relative deviations with non-negative unknowns. The request overhead is the
/// weighted median of what the lightest-load TTFTs leave after the prefill step and half a step of waiting.</item>
/// </list>
/// Pure: the data comes in as arguments.
/// </summary>
public static class EngineCalibrator
{
    private const double BoundRatio = 3;
    private const double LaunchFloorUs = 50;

    /// <summary>Fits coefficients for every GPU class that has kernel timings or benchmark points.</summary>
    /// <param name="catalog">The catalog (models and GPU datasheets).</param>
    /// <param name="kernels">Kernel timings.</param>
    /// <param name="benchmarks">Serving benchmark points.</param>
    /// <param name="source">A description of the data, stored in each result's <see cref="EngineCoefficients.Source"/>.</param>
    /// <returns>One entry per fitted GPU class, the reference class first.</returns>
    /// <exception cref="ArgumentException">The reference GPU class has no kernel timings.</exception>
    public static ImmutableArray<EngineCoefficients> Calibrate(
        KnowledgeCatalog catalog, IReadOnlyList<KernelSample> kernels, IReadOnlyList<BenchmarkPoint> benchmarks, string source)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(kernels);
        ArgumentNullException.ThrowIfNull(benchmarks);
        var reference = EngineProfiles.ReferenceGpu;
        var referenceKernels = kernels.Where(k => k.Gpu == reference).ToArray();
        if (referenceKernels.Length == 0)
        {
            throw new ArgumentException($"Calibration needs kernel timings of the reference GPU {reference}.", nameof(kernels));
        }

        var results = new List<EngineCoefficients>();
        var referenceGpu = catalog.GetGpu(reference) ?? throw new ArgumentException($"The catalog has no {reference}.", nameof(catalog));
        var referenceFit = FitKernels(referenceKernels, referenceGpu);
        results.Add(FitServing(catalog, referenceGpu, referenceFit, fitMemory: false, benchmarks, source));

        var gpus = benchmarks.Select(b => b.Gpu).Concat(kernels.Select(k => k.Gpu)).Distinct().Where(g => g != reference).OrderBy(g => g.Value, StringComparer.Ordinal);
        foreach (var type in gpus)
        {
            var gpu = catalog.GetGpu(type) ?? throw new ArgumentException($"The catalog has no GPU {type}.", nameof(catalog));
            var own = kernels.Where(k => k.Gpu == type).ToArray();
            var fit = own.Length > 0 ? FitKernels(own, gpu) : referenceFit with { Borrowed = true };
            results.Add(FitServing(catalog, gpu, fit, fitMemory: own.Length == 0, benchmarks, source));
        }

        return [.. results];
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

    /// <summary>The mean-field step a sweep point implies: the sequences decoding, and the prompt tokens arriving during one step.</summary>
    /// <param name="point">The benchmark point.</param>
    /// <param name="stepMs">The step time (the observed mean ITL when calibrating).</param>
    /// <returns>The step.</returns>
    public static StepBatch MeanFieldStep(BenchmarkPoint point, double stepMs)
    {
        ArgumentNullException.ThrowIfNull(point);
        var rate = Math.Max(point.AchievedRate, 1e-9);
        var decoding = Math.Max(1, (int)Math.Round(rate * Math.Max(0, point.E2e.Mean - point.Ttft.Mean) / 1000));
        var context = (long)Math.Round(decoding * (point.PromptTokens + (point.OutputTokens / 2.0)));
        var prefillTokens = (int)Math.Round(rate * point.PromptTokens * stepMs / 1000);
        var prefill = prefillTokens > 0
            ? new StepBatch(prefillTokens, prefillTokens * (point.PromptTokens / 2.0), 0, Math.Max(1, (int)Math.Round(rate * stepMs / 1000)), 0, 0)
            : default;
        return StepBatch.Decode(decoding, context) + prefill;
    }

    private static KernelFit FitKernels(IReadOnlyList<KernelSample> samples, GpuSpec gpu)
    {
        var gemm = new List<double>();
        var attention = new List<double>();
        var memory = new List<double>();
        var allReduce = new List<(double Bytes, double Us)>();
        foreach (var s in samples)
        {
            var (compute, mem, commBytes) = KernelRoofline.Ideal(s, gpu);
            if (s.Operation == KernelOperation.AllReduce)
            {
                allReduce.Add((commBytes, s.LatencyUs));
                continue;
            }

            if (s.LatencyUs < LaunchFloorUs)
            {
                continue;
            }

            if (compute >= BoundRatio * mem)
            {
                (s.Operation == KernelOperation.PrefillAttention || s.Operation == KernelOperation.DecodeAttention ? attention : gemm).Add(compute / s.LatencyUs);
            }
            else if (mem >= BoundRatio * compute)
            {
                memory.Add(mem / s.LatencyUs);
            }
        }

        double latencyUs = 0, commEfficiency = EngineCoefficients.Uncalibrated(gpu.Type).CommunicationEfficiency;
        if (allReduce.Count >= 2)
        {
            var a = Matrix<double>.Build.Dense(allReduce.Count, 2, (i, j) => (j == 0 ? 1 : allReduce[i].Bytes / (gpu.InterconnectGBps * 1e3)) / allReduce[i].Us);
            var b = Vector<double>.Build.Dense(allReduce.Count, 1.0);
            var x = NonNegativeLeastSquares.Solve(a, b);
            latencyUs = x[0];
            commEfficiency = x[1] > 0 ? Math.Min(1, 1 / x[1]) : commEfficiency;
        }

        return new KernelFit(
            Median(gemm, "GEMM", gpu), Median(attention, "attention", gpu), Median(memory, "memory-bound", gpu), commEfficiency, latencyUs,
            gemm.Count + attention.Count + memory.Count + allReduce.Count, false);
    }

    private static double Median(List<double> values, string what, GpuSpec gpu)
        => values.Count == 0
            ? throw new ArgumentException($"The kernel timings of {gpu.Type} have no clearly {what} sample to fit.")
            : Math.Min(1, values.Median());

    private static EngineCoefficients FitServing(
        KnowledgeCatalog catalog, GpuSpec gpu, KernelFit kernels, bool fitMemory, IReadOnlyList<BenchmarkPoint> benchmarks, string source)
    {
        var rows = new List<(BenchmarkPoint Point, ModelSpec Model)>();
        foreach (var point in benchmarks.Where(b => b.Gpu == gpu.Type && b.IsStable))
        {
            if (catalog.GetModel(point.Model) is { } model && model.FindFormat(point.Quantization) is not null)
            {
                rows.Add((point, model));
            }
        }

        var efficiencies = new EngineCoefficients
        {
            Gpu = gpu.Type,
            GemmEfficiency = kernels.Gemm,
            AttentionEfficiency = kernels.Attention,
            MemoryEfficiency = kernels.Memory,
            CommunicationEfficiency = kernels.Communication,
            AllReduceLatencyUs = kernels.AllReduceLatencyUs,
            StepOverheadMs = 0,
            SequenceOverheadUs = 0,
            RequestOverheadMs = 0,
            OutputTokenOverheadMs = 0,
            Source = source,
        };
        if (rows.Count < 3)
        {
            throw new ArgumentException($"Calibrating {gpu.Type} needs at least 3 stable benchmark points (got {rows.Count}).", nameof(benchmarks));
        }

        // Stage 2a: ITL = max(compute, (1 + extra_format) × memory) + comm + per-step + per-layer + per-sequence overhead, by
        // least absolute relative deviations with non-negative unknowns. Each weight format gets its own extra: a format's
        // kernels may be slower than the roofline, never faster.
        var formats = rows.Select(r => r.Point.Quantization).Distinct().OrderBy(q => q.Value, StringComparer.Ordinal).ToArray();
        var design = Matrix<double>.Build.Dense(rows.Count, formats.Length + 3);
        var target = Vector<double>.Build.Dense(rows.Count, 1.0);
        for (var i = 0; i < rows.Count; i++)
        {
            var (point, model) = rows[i];
            var batch = MeanFieldStep(point, point.Itl.Mean);
            var timing = Physics(model, point, gpu, efficiencies).Predict(batch);
            var itl = point.Itl.Mean;
            var work = Math.Max(timing.ComputeMs, timing.MemoryMs);
            target[i] = (itl - timing.CommunicationMs - work) / itl;
            var memoryBound = !timing.ComputeBound;
            design[i, Array.IndexOf(formats, point.Quantization)] = memoryBound ? timing.MemoryMs / itl : 0;
            design[i, formats.Length] = 1 / itl;
            design[i, formats.Length + 1] = batch.Sequences / itl;
            design[i, formats.Length + 2] = model.Architecture.Layers / itl;
        }

        var solution = LeastAbsoluteDeviations(design, target);
        var factors = formats.Select((q, k) => new FormatFactor(q, 1 + solution[k], rows.Count(r => r.Point.Quantization == q))).ToList();
        var memoryEfficiency = efficiencies.MemoryEfficiency;
        if (fitMemory && factors.Find(f => f.Quantization == Quantization.Bf16) is { } bf16)
        {
            // Without kernel timings the BF16 factor is this GPU's bandwidth efficiency relative to the borrowed one.
            memoryEfficiency = Math.Min(1, memoryEfficiency / bf16.Factor);
            factors = [.. factors.Select(f => f with { Factor = f.Factor / bf16.Factor })];
        }

        var fitted = efficiencies with
        {
            MemoryEfficiency = memoryEfficiency,
            FormatFactors = [.. factors.Where(f => f.Factor > 1)],
            StepOverheadMs = solution[formats.Length],
            SequenceOverheadUs = solution[formats.Length + 1] * 1000,
            LayerOverheadUs = solution[formats.Length + 2] * 1000,
        };

        // Stage 2b: request overhead from the lightest load of each sweep.
        var lightest = rows.GroupBy(r => (r.Point.Model, r.Point.Quantization, r.Point.TensorParallel, r.Point.PromptTokens, r.Point.OutputTokens))
            .Select(g => g.MinBy(r => r.Point.RequestRate)).ToArray();
        var leftovers = lightest.Select(r =>
        {
            var step = Physics(r.Model, r.Point, gpu, fitted);
            var decoding = MeanFieldStep(r.Point, r.Point.Itl.Mean);
            var first = step.Predict(StepBatch.Decode(decoding.DecodeSequences, decoding.DecodeContextTokens) + StepBatch.Prefill(r.Point.PromptTokens)).TotalMs;
            return r.Point.Ttft.Mean - first - (r.Point.Itl.Mean / 2);
        }).ToArray();
        fitted = fitted with { RequestOverheadMs = Math.Max(0, leftovers.Median()) };

        var itlMape = Mape(rows.Select(r => (Physics(r.Model, r.Point, gpu, fitted).Predict(MeanFieldStep(r.Point, r.Point.Itl.Mean)).TotalMs, r.Point.Itl.Mean)));
        var provenance = kernels.Borrowed
            ? $"GEMM, attention and all-reduce efficiencies from {EngineProfiles.ReferenceGpu} kernel timings; memory efficiency and overheads fitted on {rows.Count} {gpu.Type} benchmark points"
            : $"efficiencies from {kernels.Samples} {gpu.Type} kernel timings; overheads fitted on {rows.Count} {gpu.Type} benchmark points";
        return fitted with
        {
            Source = $"{provenance}; {source}",
            FitQuality = string.Create(CultureInfo.InvariantCulture, $"in-sample mean-field ITL MAPE {itlMape:0.0}% over {rows.Count} points"),
            Calibrated = true,
        };
    }

    // Minimises Σ|A x − b| (the relative errors, since rows are scaled by the observation) subject to x ≥ 0, by
    // iteratively reweighted NNLS: a median-like fit that inconsistent points pull less than squares would.
    private static Vector<double> LeastAbsoluteDeviations(Matrix<double> a, Vector<double> b)
    {
        var x = NonNegativeLeastSquares.Solve(a, b);
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var residual = (a * x) - b;
            var w = residual.Map(r => 1 / Math.Sqrt(Math.Max(Math.Abs(r), 1e-4)));
            var weighted = Matrix<double>.Build.Dense(a.RowCount, a.ColumnCount, (i, j) => a[i, j] * w[i]);
            x = NonNegativeLeastSquares.Solve(weighted, b.PointwiseMultiply(w));
        }

        return x;
    }

    private static RooflineStepTimeModel Physics(ModelSpec model, BenchmarkPoint point, GpuSpec gpu, EngineCoefficients coefficients)
        => new(model, point.Quantization, gpu, point.TensorParallel, coefficients);

    private sealed record KernelFit(double Gemm, double Attention, double Memory, double Communication, double AllReduceLatencyUs, int Samples, bool Borrowed);
}
