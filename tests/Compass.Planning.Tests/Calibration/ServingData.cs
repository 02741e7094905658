using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Calibration;
using Compass.Planning.Tests.Accuracy;

namespace Compass.Planning.Tests.Calibration;

/// <summary>
/// The real runs of tests/data/real, split once by source into a calibration half (what the engine overhead and the
/// per-GPU adjustments are fitted on) and an evaluation half (what docs/accuracy.md reports as held out). Both halves
/// span GPUs, models, formats and load shapes; the closed-loop concurrency sweep, the 70B FP8 TP2 runs, the
/// single-GPU 8B batch latencies and the 405B MI300X batch latencies are held out.
/// </summary>
internal static class ServingData
{
    /// <summary>Serving sources the engine overhead is fitted on.</summary>
    public static readonly ImmutableHashSet<string> CalibrationSources =
    [
        "gpustack-gptoss120b-h100", "gpustack-quantization-qwen3-8b", "gpustack-qwen3-32b-h100", "gpustack-gptoss120b-a100",
        "gpustack-qwen3-235b-a22b-h100", "cssnoeasy-a100-pcie-tp1-vs-tp2",
    ];

    /// <summary>Batch-latency models each GPU class's adjustment is fitted on (the others of that class are held out).</summary>
    public static readonly ImmutableHashSet<string> CalibrationBatchModels = ["Llama-3.1-70B-Instruct", "Llama-3-70B-Instruct", "Mixtral-8x7B-Instruct-v0.1"];

    private static readonly Lazy<(ImmutableArray<ResolvedRun> Online, ImmutableArray<ResolvedRun> Offline)> Serving = new(Resolve);

    private static readonly Lazy<ImmutableArray<(LatencyRun Run, ResolvedRun Resolved)>> Batches = new(() =>
    [
        .. LatencyRun.Load(Path.Combine(AppContext.BaseDirectory, "data", "real", "latency.csv"))
            .Select(r => (Run: r, Resolved: r.Resolve(TestCatalog.Catalog).Run))
            .Where(r => r.Resolved is not null)
            .Select(r => (r.Run, r.Resolved!)),
    ]);

    /// <summary>Gets every serving run that can be predicted (resolved, and fitting Compass's memory model).</summary>
    public static ImmutableArray<ResolvedRun> ServingRuns => Serving.Value.Online;

    /// <summary>Gets vLLM's offline throughput runs that can be predicted (used in no fit).</summary>
    public static ImmutableArray<ResolvedRun> OfflineRuns => Serving.Value.Offline;

    /// <summary>Gets every batch-latency run that can be predicted.</summary>
    public static ImmutableArray<(LatencyRun Run, ResolvedRun Resolved)> BatchRuns => Batches.Value;

    /// <summary>Gets the serving runs of the calibration half, as observations.</summary>
    public static IReadOnlyList<ServingObservation> CalibrationServing
        => [.. ServingRuns.Where(r => CalibrationSources.Contains(r.Run.Source)).Select(Observation)];

    /// <summary>
    /// Gets the batch-latency runs of the calibration half, as observations: the calibration models' runs on GPU classes
    /// without step timings (their adjustment), and their multi-GPU runs on H100 (its in-engine all-reduce latency).
    /// </summary>
    public static IReadOnlyList<LatencyObservation> CalibrationBatches
        => [.. BatchRuns.Where(b => IsCalibrationBatch(b.Run, b.Resolved)).Select(b => Observation(b.Run, b.Resolved))];

    public static bool IsCalibrationBatch(LatencyRun run, ResolvedRun r)
        => CalibrationBatchModels.Contains(run.Model) && (r.Gpu.Type != GpuType.H100 || run.TensorParallel > 1);

    public static ServingObservation Observation(ResolvedRun r)
    {
        var m = r.Run.Measured;
        return new ServingObservation(
            r.Run.Id, r.Run.Source, r.Gpu.Type, new ObservedMetrics(m.TtftMean, m.TpotMean, m.ItlMean, m.OutputTokensPerSecond), c => RealRunPredictor.Simulate(r, c),
            LightLoad: r.Run.Concurrency is <= 8);
    }

    // benchmark_latency runs the offline engine, without the API server: its overhead is the engine core's prior.
    public static LatencyObservation Observation(LatencyRun run, ResolvedRun r)
        => new(run.Id, r.Gpu.Type, run.Model, run.MeasuredMs, c => run.Predict(r, ServingObservation.With(c, EngineCalibrator.OverheadPrior)), run.TensorParallel);

    private static (ImmutableArray<ResolvedRun> Online, ImmutableArray<ResolvedRun> Offline) Resolve()
    {
        var catalog = TestCatalog.Catalog;
        var runs = new List<ResolvedRun>();
        var offline = new List<ResolvedRun>();
        foreach (var run in RealRun.Load(Path.Combine(AppContext.BaseDirectory, "data", "real", "serving.csv")))
        {
            if (RealRunPredictor.Resolve(run, catalog).Run is not { } r || !Fits(r))
            {
                continue;
            }

            if (r.Offline)
            {
                offline.Add(r);
                continue;
            }

            var m = run.Measured;
            if (m.TtftMean is null && m.TpotMean is null && m.ItlMean is null && m.OutputTokensPerSecond is null)
            {
                continue;
            }

            runs.Add(r);
        }

        return ([.. runs], [.. offline]);
    }

    // A run whose requests Compass's memory model cannot hold (the sim refuses them) cannot be compared.
    private static bool Fits(ResolvedRun r)
    {
        try
        {
            var result = RealRunPredictor.Simulate(r, Compass.Planning.Engine.EngineProfiles.CoefficientsFor(TestCatalog.Catalog, r.Gpu.Type));
            return result.Rejected == 0 && result.Completed > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
