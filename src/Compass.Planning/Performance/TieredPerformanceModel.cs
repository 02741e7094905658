using Compass.Core;

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
