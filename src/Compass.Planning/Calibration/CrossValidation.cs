using System.Collections.Immutable;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Capacity;
using Compass.Planning.Engine;
using Compass.Planning.Performance;
using Compass.Planning.Simulation;

namespace Compass.Planning.Calibration;

/// <summary>The errors of one held-out configuration, as mean absolute percentage errors over its sweep points.</summary>
/// <param name="Model">The model.</param>
/// <param name="Quantization">The format.</param>
/// <param name="Gpu">The GPU.</param>
/// <param name="TensorParallel">The TP degree.</param>
/// <param name="Points">Sweep points compared.</param>
/// <param name="TtftMape">Mean TTFT error, %.</param>
/// <param name="ItlMape">Mean ITL error, %.</param>
/// <param name="E2eMape">Mean E2E error, %.</param>
/// <param name="ThroughputMape">Output-throughput error, %.</param>
/// <param name="Unpredicted">Stable points the model called saturated (excluded from the latency errors).</param>
public sealed record FoldError(
    ModelId Model, Quantization Quantization, GpuType Gpu, int TensorParallel, int Points, double TtftMape, double ItlMape, double E2eMape, double ThroughputMape, int Unpredicted);

/// <summary>Errors summarised over the folds of one GPU class (medians and means of the fold MAPEs).</summary>
/// <param name="Gpu">The GPU class.</param>
/// <param name="Configurations">Held-out configurations.</param>
/// <param name="Points">Sweep points.</param>
/// <param name="TtftMape">Mean over points of the TTFT error, %.</param>
/// <param name="ItlMape">Mean over points of the ITL error, %.</param>
/// <param name="E2eMape">Mean over points of the E2E error, %.</param>
/// <param name="ThroughputMape">Mean over points of the throughput error, %.</param>
/// <param name="MedianE2eMape">Median over configurations of the E2E error, %.</param>
public sealed record GpuAccuracy(GpuType Gpu, int Configurations, int Points, double TtftMape, double ItlMape, double E2eMape, double ThroughputMape, double MedianE2eMape);

/// <summary>The result of leave-one-configuration-out cross-validation.</summary>
/// <param name="Predictor">What turned step times into latencies: <c>mean-field</c> or <c>simulation</c>.</param>
/// <param name="Folds">One entry per held-out configuration.</param>
/// <param name="ByGpu">Summaries per GPU class.</param>
public sealed record CrossValidationReport(string Predictor, ImmutableArray<FoldError> Folds, ImmutableArray<GpuAccuracy> ByGpu);

/// <summary>
/// Leave-one-configuration-out cross-validation of the physics engine against benchmark sweeps: for each (model,
/// format, GPU, TP) the calibration is refitted without that configuration's points (and without kernel timings of the
/// same model), and the held-out sweep is predicted at each measured rate, either by the <see cref="ServingEstimator"/>
/// (mean-field) or by the continuous-batching simulation (one replica, Poisson arrivals, normal token lengths with the
/// benchmark's mean and standard deviation, seeded). Latency errors compare means at stable points; throughput compares
/// output tokens/s at every point (mean-field: min(rate, predicted capacity) × mean output; simulation: what it
/// delivered). Stable points the physics engine calls saturated (no steady state in the estimator) are counted separately and left
/// out of both predictors' latency errors, so that both are compared on the same points. Pure and deterministic.
/// </summary>
public static class CrossValidation
{
    /// <summary>Runs the cross-validation.</summary>
    /// <param name="catalog">The catalog (models, GPUs, benchmarks).</param>
    /// <param name="kernels">Kernel timings for the calibration.</param>
    /// <param name="simulate">Whether to predict with the simulation instead of the mean-field estimator.</param>
    /// <returns>The report.</returns>
    public static CrossValidationReport Run(KnowledgeCatalog catalog, IReadOnlyList<KernelSample> kernels, bool simulate = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(kernels);
        var usable = catalog.Benchmarks.Where(b => catalog.GetModel(b.Model)?.FindFormat(b.Quantization) is not null).ToArray();
        var folds = new List<(FoldError Error, List<double> E2eErrors)>();
        foreach (var config in usable.GroupBy(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel)).OrderBy(g => g.Key.Gpu.Value, StringComparer.Ordinal).ThenBy(g => g.Key.Model.Value, StringComparer.Ordinal).ThenBy(g => g.Key.Quantization.Value, StringComparer.Ordinal).ThenBy(g => g.Key.TensorParallel))
        {
            var training = usable.Where(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel) != config.Key).ToArray();
            if (training.Count(b => b.Gpu == config.Key.Gpu && b.IsStable) < 3)
            {
                continue;
            }

            var fit = EngineCalibrator.Calibrate(catalog, [.. kernels.Where(k => k.Model.Id != config.Key.Model)], training, "cross-validation fold");
            var coefficients = fit.FirstOrDefault(c => c.Gpu == config.Key.Gpu) ?? fit[0].BorrowedFor(config.Key.Gpu);
            var model = catalog.GetModel(config.Key.Model)!;
            var gpu = catalog.GetGpu(config.Key.Gpu)!;
            EngineProfile profile;
            try
            {
                profile = EngineProfiles.Create(model, config.Key.Quantization, gpu, config.Key.TensorParallel, coefficients);
            }
            catch (ArgumentException)
            {
                continue;
            }

            folds.Add(Evaluate(config.Key, [.. config], profile, simulate));
        }

        var byGpu = folds.GroupBy(f => f.Error.Gpu).Select(g =>
        {
            var points = g.Sum(f => f.Error.Points);
            double Weighted(Func<FoldError, double> metric) => g.Where(f => !double.IsNaN(metric(f.Error))).Sum(f => metric(f.Error) * f.Error.Points) / Math.Max(1, g.Where(f => !double.IsNaN(metric(f.Error))).Sum(f => f.Error.Points));
            var medians = g.Select(f => f.Error.E2eMape).Where(x => !double.IsNaN(x)).Order().ToArray();
            return new GpuAccuracy(g.Key, g.Count(), points, Weighted(f => f.TtftMape), Weighted(f => f.ItlMape), Weighted(f => f.E2eMape), Weighted(f => f.ThroughputMape),
                medians.Length == 0 ? double.NaN : medians[medians.Length / 2]);
        }).ToImmutableArray();
        return new CrossValidationReport(simulate ? "simulation" : "mean-field", [.. folds.Select(f => f.Error)], byGpu);
    }

    private static (FoldError, List<double>) Evaluate(
        (ModelId Model, Quantization Quantization, GpuType Gpu, int TensorParallel) key, BenchmarkPoint[] points, EngineProfile profile, bool simulate)
    {
        var ttft = new List<(double, double)>();
        var itl = new List<(double, double)>();
        var e2e = new List<(double, double)>();
        var throughput = new List<(double, double)>();
        var unpredicted = 0;
        foreach (var point in points)
        {
            var prompt = TokenDistribution.Normal(point.PromptTokens, point.PromptTokensStdDev);
            var output = TokenDistribution.Normal(point.OutputTokens, point.OutputTokensStdDev);
            var estimate = ServingEstimator.Estimate(profile, point.RequestRate, prompt, output, ArrivalPattern.Poisson, 95, out _);
            if (simulate)
            {
                var result = ServingSimulator.Run(
                    new WorkloadSpec { RatePerSecond = point.RequestRate, PromptTokens = prompt, OutputTokens = output, Requests = (int)Math.Clamp(point.RequestRate * 120, 300, 1500) },
                    SimulationVerifier.Seed,
                    new SimulationOptions { Profile = profile, WarmupFraction = 0.1 });
                throughput.Add((result.OutputTokensPerSecond, point.OutputTokensPerSecond));
                if (point.IsStable && estimate is null)
                {
                    unpredicted++;
                }
                else if (point.IsStable && result.Measured > 0)
                {
                    ttft.Add((result.Ttft.Mean, point.Ttft.Mean));
                    itl.Add((result.Itl.Mean, point.Itl.Mean));
                    e2e.Add((result.E2e.Mean, point.E2e.Mean));
                }

                continue;
            }

            var capacity = estimate is null ? ServingEstimator.Capacity(profile, prompt, output, ArrivalPattern.Poisson, 95) : point.RequestRate;
            throughput.Add((Math.Min(point.RequestRate, capacity) * point.OutputTokens, point.OutputTokensPerSecond));
            if (!point.IsStable)
            {
                continue;
            }

            if (estimate is null)
            {
                unpredicted++;
                continue;
            }

            ttft.Add((estimate.MeanTtftMs, point.Ttft.Mean));
            itl.Add((estimate.MeanItlMs, point.Itl.Mean));
            e2e.Add((estimate.MeanE2eMs, point.E2e.Mean));
        }

        var error = new FoldError(key.Model, key.Quantization, key.Gpu, key.TensorParallel, points.Length,
            EngineCalibrator.Mape(ttft), EngineCalibrator.Mape(itl), EngineCalibrator.Mape(e2e), EngineCalibrator.Mape(throughput), unpredicted);
        return (error, [.. e2e.Select(p => Math.Abs(p.Item1 - p.Item2) / p.Item2)]);
    }
}
