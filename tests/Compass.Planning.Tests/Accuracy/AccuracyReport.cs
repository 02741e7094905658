using System.Globalization;
using System.Text;
using Compass.Core;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Compass.Planning.Simulation;
using Compass.Planning.Tests.Calibration;

namespace Compass.Planning.Tests.Accuracy;

/// <summary>One block of real measurements and the errors of the calibrated model and of the naive roofline on it.</summary>
internal sealed record BlockError(string Block, string Split, int Runs, Dictionary<string, (double Compass, double Naive, int N)> Metrics);

/// <summary>
/// Computes the tables of docs/accuracy.md from the real data: step timings (leave one shape out), batch latencies and
/// serving runs (the evaluation half held out of every fit), each per block, for the shipped coefficients and for the
/// naive roofline with the same engine overhead.
/// </summary>
internal static class AccuracyReport
{
    public static readonly string[] ServingMetrics = ["TTFT", "TPOT", "ITL", "throughput"];

    public static IReadOnlyList<StepError> HeldOutSteps(out IReadOnlyList<StepError> naive)
    {
        var gpu = TestCatalog.Gpu("H100");
        var samples = CalibrationData.H100Steps;
        var held = GpuWorkFit.LeaveOneShapeOut(gpu, samples, EngineCalibrator.Start(GpuType.H100, EngineCalibrator.OverheadPrior));
        naive = GpuWorkFit.Errors(samples.Select(s => new StepPrediction(s, NaiveRoofline.Predict(s, gpu), !GpuWorkFit.IsLaunchBound(s, samples))));
        return GpuWorkFit.Errors(held);
    }

    public static IReadOnlyList<BlockError> Batches()
    {
        var blocks = new List<BlockError>();
        foreach (var group in ServingData.BatchRuns.GroupBy(b => (b.Resolved.Gpu.Type, b.Run.Model, b.Run.TensorParallel, b.Resolved.Format)))
        {
            var split = ServingData.IsCalibrationBatch(group.First().Run, group.First().Resolved) ? "calibration" : "held out";
            var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, group.Key.Type);
            var errors = group.Select(b =>
            {
                var offline = ServingObservation.With(c, EngineCalibrator.OverheadPrior);
                var compass = b.Run.Predict(b.Resolved, offline);
                var naive = NaiveBatch(b.Run, b.Resolved, offline);
                return (Compass: Math.Abs((compass / b.Run.MeasuredMs) - 1), Naive: Math.Abs((naive / b.Run.MeasuredMs) - 1));
            }).ToList();
            blocks.Add(new BlockError(
                string.Create(CultureInfo.InvariantCulture, $"{group.Key.Model} {group.Key.Format} TP{group.Key.TensorParallel} {group.Key.Type}"), split, errors.Count,
                new() { ["latency"] = (errors.Average(e => e.Compass) * 100, errors.Average(e => e.Naive) * 100, errors.Count) }));
        }

        return [.. blocks.OrderBy(b => b.Split, StringComparer.Ordinal).ThenBy(b => b.Block, StringComparer.Ordinal)];
    }

    /// <summary>vLLM's offline <c>benchmark_throughput.py</c> runs (requests per second), used in no fit.</summary>
    public static IReadOnlyList<BlockError> Offline()
    {
        var blocks = new List<BlockError>();
        foreach (var group in ServingData.OfflineRuns.GroupBy(r => (r.Gpu.Type, r.Run.Model, r.Run.TensorParallel, r.Format)))
        {
            var errors = group.Select(r =>
            {
                // The offline engine: no API server, so no request or per-token streaming overhead.
                var c = ServingObservation.With(EngineProfiles.CoefficientsFor(TestCatalog.Catalog, r.Gpu.Type), EngineCalibrator.OverheadPrior with { RequestMs = 0, OutputTokenMs = 0 });
                var measured = r.Run.Measured.RequestsPerSecond!.Value;
                var compass = RealRunPredictor.Simulate(r, c).RequestsPerSecond;
                var naive = Simulate(r, NaiveProfile(r, c)).RequestsPerSecond;
                return (Compass: Math.Abs((compass / measured) - 1), Naive: Math.Abs((naive / measured) - 1));
            }).ToList();
            blocks.Add(new BlockError(
                string.Create(CultureInfo.InvariantCulture, $"{group.Key.Model} {group.Key.Format} TP{group.Key.TensorParallel} {group.Key.Type}"), "held out", errors.Count,
                new() { ["requests/s"] = (errors.Average(e => e.Compass) * 100, errors.Average(e => e.Naive) * 100, errors.Count) }));
        }

        return [.. blocks.OrderBy(b => b.Block, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<BlockError> Serving()
    {
        var blocks = new List<BlockError>();
        foreach (var group in ServingData.ServingRuns.GroupBy(r => r.Run.Source))
        {
            var split = ServingData.CalibrationSources.Contains(group.Key) ? "calibration" : "held out";
            var metrics = ServingMetrics.ToDictionary(m => m, _ => (Compass: new List<double>(), Naive: new List<double>()));
            foreach (var r in group)
            {
                var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, r.Gpu.Type);
                var compass = ServingObservation.Read(RealRunPredictor.Simulate(r, c));
                var naive = ServingObservation.Read(Simulate(r, NaiveProfile(r, c)));
                var m = r.Run.Measured;
                void Add(string name, double? measured, double? a, double? b)
                {
                    if (measured is > 0 && a is { } x && b is { } y)
                    {
                        metrics[name].Compass.Add(Math.Abs((x / measured.Value) - 1));
                        metrics[name].Naive.Add(Math.Abs((y / measured.Value) - 1));
                    }
                }

                Add("TTFT", m.TtftMean, compass.TtftMs, naive.TtftMs);
                Add("TPOT", m.TpotMean, compass.TpotMs, naive.TpotMs);
                Add("ITL", m.ItlMean, compass.ItlMs, naive.ItlMs);
                Add("throughput", m.OutputTokensPerSecond, compass.OutputTokensPerSecond, naive.OutputTokensPerSecond);
            }

            var first = group.First();
            blocks.Add(new BlockError(
                $"{group.Key} ({RealRunPredictor.Describe(first)}{(group.Select(RealRunPredictor.Describe).Distinct().Count() > 1 ? " and others" : string.Empty)})",
                split, group.Count(),
                metrics.Where(p => p.Value.Compass.Count > 0).ToDictionary(p => p.Key, p => (p.Value.Compass.Average() * 100, p.Value.Naive.Average() * 100, p.Value.Compass.Count))));
        }

        return [.. blocks.OrderBy(b => b.Split, StringComparer.Ordinal).ThenBy(b => b.Block, StringComparer.Ordinal)];
    }

    public static string RenderSteps(IReadOnlyList<StepError> held, IReadOnlyList<StepError> naive)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| shape (held out) | phase | steps | Compass MAPE | max | under-predicted | naive roofline MAPE |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var e in held)
        {
            var n = naive.FirstOrDefault(x => x.Model == e.Model && x.Phase == e.Phase);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {e.Model} | {e.Phase.ToString().ToLowerInvariant()} | {e.Samples} | {e.Mape:0.0}% | {e.MaxError:0.0}% | {e.Under} of {e.Samples} | {(n is null ? "-" : n.Mape.ToString("0.0", CultureInfo.InvariantCulture) + "%")} |");
        }

        return sb.ToString();
    }

    public static string RenderBlocks(IReadOnlyList<BlockError> blocks, IReadOnlyList<string> metrics)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| block | split | runs | " + string.Join(" | ", metrics.Select(m => $"{m} Compass / naive")) + " |");
        sb.AppendLine("| --- | --- | ---: | " + string.Join(" | ", metrics.Select(_ => "---:")) + " |");
        foreach (var b in blocks)
        {
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {b.Block} | {b.Split} | {b.Runs} | ") + string.Join(" | ", metrics.Select(m =>
                b.Metrics.TryGetValue(m, out var v) ? string.Format(CultureInfo.InvariantCulture, "{0:0}% / {1:0}%", v.Compass, v.Naive) : "-")) + " |");
        }

        foreach (var split in new[] { "held out", "calibration" })
        {
            var subset = blocks.Where(b => b.Split == split).ToList();
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **all {split}** | | {subset.Sum(b => b.Runs)} | ") + string.Join(" | ", metrics.Select(m =>
            {
                var values = subset.Where(b => b.Metrics.ContainsKey(m)).Select(b => b.Metrics[m]).ToList();
                var n = values.Sum(v => v.N);
                return n == 0 ? "-" : string.Format(CultureInfo.InvariantCulture, "**{0:0}%** / {1:0}%", values.Sum(v => v.Compass * v.N) / n, values.Sum(v => v.Naive * v.N) / n);
            })) + " |");
        }

        return sb.ToString();
    }

    private static EngineProfile NaiveProfile(ResolvedRun r, EngineCoefficients c)
        => EngineProfiles.Create(r.Model, r.Format, r.Gpu, r.Run.TensorParallel, c, r.Limits) with
        {
            StepTime = new NaiveRoofline(r.Model, r.Format, r.Gpu, r.Run.TensorParallel, c, r.KvBytes),
        };

    private static SimulationResult Simulate(ResolvedRun r, EngineProfile profile) => RealRunPredictor.Simulate(r, profile);

    private static double NaiveBatch(LatencyRun run, ResolvedRun r, EngineCoefficients c)
    {
        var step = new NaiveRoofline(r.Model, r.Format, r.Gpu, r.Run.TensorParallel, c, r.KvBytes);
        var total = step.Predict(Enumerable.Range(0, run.Batch).Aggregate(default(StepBatch), (b, _) => b + StepBatch.Prefill(run.Input))).TotalMs;
        for (var k = 1; k < run.Output; k++)
        {
            total += step.Predict(StepBatch.Decode(run.Batch, (long)run.Batch * (run.Input + k))).TotalMs;
        }

        return total;
    }
}
