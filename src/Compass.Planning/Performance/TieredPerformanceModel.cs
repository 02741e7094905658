using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Planning.Performance;

/// <summary>
/// Benchmarks where they exist, physics where they do not: a configuration with any benchmark sweep is predicted from
/// its benchmarks only (benchmarked or interpolated, never mixed with physics along one search); every other
/// configuration gets the physics estimate.
/// </summary>
public sealed class TieredPerformanceModel : IPerformanceModel, ILatencyProbe
{
    private readonly BenchmarkPerformanceModel _benchmarks;
    private readonly IPerformanceModel _physics;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="benchmarks">The benchmark model.</param>
    /// <param name="physics">The model for configurations without benchmarks.</param>
    public TieredPerformanceModel(BenchmarkPerformanceModel benchmarks, IPerformanceModel physics)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        ArgumentNullException.ThrowIfNull(physics);
        _benchmarks = benchmarks;
        _physics = physics;
    }

    /// <inheritdoc />
    public PerformanceEstimate Predict(PerformanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _benchmarks.Covers(query) ? _benchmarks.Predict(query) : _physics.Predict(query);
    }

    /// <summary>
    /// Builds the physics profiles of a catalog's configurations that have no benchmark sweep (those every plan asks the
    /// physics model about), until <paramref name="stop"/> is set. Predictions are the same with or without it; a caller
    /// runs it where a core would otherwise wait, e.g. while a description is read.
    /// </summary>
    internal void Prepare(KnowledgeCatalog catalog, Func<bool> stop)
    {
        if (_physics is not PhysicsPerformanceModel physics)
        {
            return;
        }

        foreach (var model in catalog.Models)
        {
            var a = model.Architecture;
            foreach (var format in model.Quantizations)
            {
                foreach (var gpu in catalog.Gpus)
                {
                    if (stop())
                    {
                        return;
                    }

                    for (var tp = 1; tp <= Math.Min(8, gpu.MaxGpusPerNode); tp *= 2)
                    {
                        if (a.AttentionHeads % tp != 0 || (a.KvHeads % tp != 0 && tp % a.KvHeads != 0))
                        {
                            continue;
                        }

                        if (!_benchmarks.HasSweeps(model.Id, format.Quantization, gpu.Type, tp))
                        {
                            physics.Prepare(model, format, gpu, tp, KvCacheFormat.Auto);
                        }

                        if (gpu.Fp8Tflops is not null)
                        {
                            physics.Prepare(model, format, gpu, tp, KvCacheFormat.Fp8);
                        }
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    bool ILatencyProbe.TryProbe(PerformanceQuery query, out ProbedLatency latency)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_benchmarks.Covers(query))
        {
            latency = ProbedLatency.Of(_benchmarks.Predict(query).Prediction);
            return true;
        }

        if (_physics is ILatencyProbe probe)
        {
            return probe.TryProbe(query, out latency);
        }

        latency = ProbedLatency.None;
        return false;
    }
}
