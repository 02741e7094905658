using System.Collections.Frozen;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Planning.Performance;

/// <summary>
/// Predicts from benchmark sweeps. For a benchmarked traffic profile (prompt and output means within 5%) it reads the
/// sweep at the per-replica rate (<see cref="PredictionSource.Benchmarked"/>). For other profiles it interpolates
/// between the benchmarked profiles that bracket the prompt length (<see cref="PredictionSource.Interpolated"/>):
/// TTFT and ITL linearly in prompt length, E2E rebuilt as TTFT + mean ITL × (output length at the percentile − 1).
/// When outputs are longer than the benchmark's, each request holds its batch slot longer, so the sweep is read at
/// an equivalent rate scaled by the output ratio. Rates above a sweep's last stable point are not answered.
/// </summary>
/// <remarks>Thread-safe; curves are built once in the constructor.</remarks>
public sealed class BenchmarkPerformanceModel : IPerformanceModel
{
    private const double ProfileTolerance = 0.05;
    private readonly FrozenDictionary<ConfigurationKey, SweepCurve[]> _curves;

    /// <summary>Initializes a new instance from a catalog's benchmarks.</summary>
    /// <param name="catalog">The catalog.</param>
    public BenchmarkPerformanceModel(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _curves = catalog.Benchmarks
            .GroupBy(p => new ConfigurationKey(p.Model, p.Quantization, p.Gpu, p.TensorParallel))
            .ToFrozenDictionary(
                g => g.Key,
                g => g.GroupBy(p => (p.PromptTokens, p.OutputTokens, p.Framework))
                    .Select(s => new SweepCurve([.. s]))
                    .Where(c => c.MaxStableRate > 0)
                    .OrderBy(c => c.PromptTokens)
                    .ThenBy(c => c.OutputTokens)
                    .ToArray());
    }

    /// <summary>
    /// Gets whether the benchmarks can answer for this configuration, percentile and traffic profile at some rate (the
    /// answer at a given rate may still be "beyond the sweep").
    /// </summary>
    /// <param name="query">The query; its rate is ignored.</param>
    /// <returns><see langword="true"/> when a sweep of the configuration matches or brackets the profile.</returns>
    public bool Covers(PerformanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Percentile is not (90 or 95 or 99) || query.KvCacheDtype.IsFp8
            || !_curves.TryGetValue(new ConfigurationKey(query.Model.Id, query.Quantization, query.Gpu.Type, query.TensorParallel), out var curves) || curves.Length == 0)
        {
            return false;
        }

        var prompt = query.PromptTokens.Mean;
        return curves.Any(c => c.PromptTokens <= prompt * (1 + ProfileTolerance)) && curves.Any(c => c.PromptTokens >= prompt * (1 - ProfileTolerance));
    }

    /// <summary>Gets whether any sweep of a configuration exists (with the 16-bit KV cache; none exist with FP8).</summary>
    internal bool HasSweeps(ModelId model, Quantization quantization, GpuType gpu, int tensorParallel)
        => _curves.TryGetValue(new ConfigurationKey(model, quantization, gpu, tensorParallel), out var curves) && curves.Length > 0;

    /// <inheritdoc />
    public PerformanceEstimate Predict(PerformanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var config = F($"{query.Model.Id} {query.Quantization} on {query.TensorParallel}×{query.Gpu.Type}");
        if (query.KvCacheDtype.IsFp8)
        {
            return PerformanceEstimate.Unavailable(new RejectionReason { Kind = RejectionKind.NoPerformanceData, Detail = $"no benchmark of {config} with an FP8 KV cache" });
        }

        if (!_curves.TryGetValue(new ConfigurationKey(query.Model.Id, query.Quantization, query.Gpu.Type, query.TensorParallel), out var curves) || curves.Length == 0)
        {
            return PerformanceEstimate.Unavailable(new RejectionReason { Kind = RejectionKind.NoPerformanceData, Detail = $"no benchmark of {config}" });
        }

        if (query.Percentile is not (90 or 95 or 99))
        {
            return PerformanceEstimate.Unavailable(new RejectionReason
            {
                Kind = RejectionKind.NoPerformanceData,
                Percentile = query.Percentile,
                Detail = F($"benchmarks hold p90, p95 and p99 only (asked for p{query.Percentile:0.#})"),
            });
        }

        var prompt = query.PromptTokens.Mean;
        var output = query.OutputTokens.Mean;
        var exact = curves.FirstOrDefault(c => Near(c.PromptTokens, prompt) && Near(c.OutputTokens, output));
        return exact is not null ? FromSweep(query, exact, config) : Interpolate(query, curves, config);
    }

    private static PerformanceEstimate FromSweep(PerformanceQuery query, SweepCurve curve, string config)
    {
        var rate = query.RequestRate;
        if (!curve.Covers(rate))
        {
            return PerformanceEstimate.Unavailable(new RejectionReason
            {
                Kind = RejectionKind.LoadBeyondBenchmarks,
                Needed = rate,
                Available = curve.MaxStableRate,
                Detail = F($"{config} ({curve.PromptTokens}→{curve.OutputTokens})"),
            });
        }

        var p = query.Percentile;
        return PerformanceEstimate.Available(new PerformancePrediction
        {
            TtftMs = curve.At(LatencyMetric.Ttft, p, rate),
            ItlMs = curve.At(LatencyMetric.Itl, p, rate),
            E2eMs = curve.At(LatencyMetric.E2e, p, rate),
            Percentile = p,
            RequestRate = rate,
            OutputTokensPerSecond = rate * query.OutputTokens.Mean,
            MaxRequestRate = curve.MaxStableRate,
            Source = PredictionSource.Benchmarked,
            Basis = F($"{curve.Framework} sweep of {config}, profile {curve.PromptTokens}→{curve.OutputTokens} tokens, {curve.PointCount} rates up to {curve.MaxStableRate:0.###} req/s, read at {rate:0.###} req/s; {curve.Source}"),
        });
    }

    private static PerformanceEstimate Interpolate(PerformanceQuery query, SweepCurve[] curves, string config)
    {
        var prompt = query.PromptTokens.Mean;
        var below = curves.Where(c => c.PromptTokens <= prompt * (1 + ProfileTolerance)).MaxBy(c => (c.PromptTokens, -Math.Abs(c.OutputTokens - query.OutputTokens.Mean)));
        var above = curves.Where(c => c.PromptTokens >= prompt * (1 - ProfileTolerance)).MinBy(c => (c.PromptTokens, Math.Abs(c.OutputTokens - query.OutputTokens.Mean)));
        if (below is null || above is null)
        {
            var range = F($"{curves[0].PromptTokens}–{curves[^1].PromptTokens}");
            return PerformanceEstimate.Unavailable(new RejectionReason
            {
                Kind = RejectionKind.TrafficOutsideBenchmarks,
                Needed = prompt,
                Detail = F($"{config} was benchmarked with {range} tokens"),
            });
        }

        var rateBelow = EquivalentRate(query, below);
        var rateAbove = EquivalentRate(query, above);
        if (!below.Covers(rateBelow) || !above.Covers(rateAbove))
        {
            var limit = Math.Min(below.MaxStableRate * below.OutputTokens / Math.Max(below.OutputTokens, query.OutputTokens.Mean),
                above.MaxStableRate * above.OutputTokens / Math.Max(above.OutputTokens, query.OutputTokens.Mean));
            return PerformanceEstimate.Unavailable(new RejectionReason
            {
                Kind = RejectionKind.LoadBeyondBenchmarks,
                Needed = query.RequestRate,
                Available = limit,
                Detail = F($"{config} for this profile"),
            });
        }

        var weight = above.PromptTokens == below.PromptTokens ? 0 : (prompt - below.PromptTokens) / (above.PromptTokens - below.PromptTokens);
        weight = Math.Clamp(weight, 0, 1);
        double Lerp(LatencyMetric metric, double percentile)
            => ((1 - weight) * below.At(metric, percentile, rateBelow)) + (weight * above.At(metric, percentile, rateAbove));

        var p = query.Percentile;
        var ttft = Lerp(LatencyMetric.Ttft, p);
        var itl = Lerp(LatencyMetric.Itl, p);
        var itlMean = Lerp(LatencyMetric.Itl, 0);
        var outputAtPercentile = query.OutputTokens.Percentile(p);
        var e2e = ttft + (itlMean * Math.Max(0, outputAtPercentile - 1));
        var maxRate = Math.Min(below.MaxStableRate * below.OutputTokens / Math.Max(below.OutputTokens, query.OutputTokens.Mean),
            above.MaxStableRate * above.OutputTokens / Math.Max(above.OutputTokens, query.OutputTokens.Mean));
        var profiles = below == above
            ? F($"the {below.PromptTokens}→{below.OutputTokens} profile")
            : F($"the {below.PromptTokens}→{below.OutputTokens} and {above.PromptTokens}→{above.OutputTokens} profiles");
        return PerformanceEstimate.Available(new PerformancePrediction
        {
            TtftMs = ttft,
            ItlMs = itl,
            E2eMs = e2e,
            Percentile = p,
            RequestRate = query.RequestRate,
            OutputTokensPerSecond = query.RequestRate * query.OutputTokens.Mean,
            MaxRequestRate = maxRate,
            Source = PredictionSource.Interpolated,
            Basis = F($"interpolated from {profiles} of {config} ({below.Framework}) to {prompt:0}→{query.OutputTokens.Mean:0} tokens at {query.RequestRate:0.###} req/s; E2E = TTFT + mean ITL × (p{p:0} output − 1); {below.Source}"),
        });
    }

    private static double EquivalentRate(PerformanceQuery query, SweepCurve curve)
        => query.RequestRate * Math.Max(1, query.OutputTokens.Mean / curve.OutputTokens);

    private static bool Near(double benchmark, double value) => Math.Abs(benchmark - value) <= ProfileTolerance * benchmark;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
