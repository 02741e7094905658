namespace Compass.Postgres.Health;

/// <summary>The categories of <see cref="HealthFinding"/>.</summary>
public static class HealthCategories
{
    /// <summary>A model without any benchmark run: plans predict it with the physics model only (warning).</summary>
    public const string ModelWithoutBenchmarks = "model without benchmarks";

    /// <summary>A GPU class without a price in effect: plans cannot cost it (error).</summary>
    public const string GpuWithoutPrice = "GPU without price";

    /// <summary>A price whose newest effective date is older than the stale-price limit (warning).</summary>
    public const string StalePrice = "stale price";

    /// <summary>Benchmark runs or outcomes of one GPU class measured on an engine version other than most of its benchmarks (warning).</summary>
    public const string EngineVersionMismatch = "engine-version mismatch";

    /// <summary>Benchmark runs whose provenance is simulated (info).</summary>
    public const string SimulatedBenchmarks = "simulated benchmarks";

    /// <summary>Benchmark points without a percentile planning needs, left out of planning (warning).</summary>
    public const string IncompleteBenchmarkPoints = "incomplete benchmark points";

    /// <summary>Benchmark runs of a model or GPU the knowledge base does not hold, ignored by planning (error).</summary>
    public const string UnresolvedBenchmarks = "unresolved benchmarks";

    /// <summary>An active engine calibration not fitted on measurements of its GPU class, or a GPU class without one (warning or info).</summary>
    public const string UnmeasuredCalibration = "calibration not measured";

    /// <summary>Deployment outcomes of a model or GPU the knowledge base does not hold, which <c>compass calibrate</c> skips (warning).</summary>
    public const string UnusableOutcomes = "unusable outcomes";
}
