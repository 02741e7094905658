namespace Compass.Postgres.Health;

/// <summary>How much a health finding matters.</summary>
public enum HealthSeverity
{
    /// <summary>Worth knowing; planning is not affected (e.g. simulated benchmarks, which plans label as such).</summary>
    Info,

    /// <summary>Plans are weaker for it (stale prices, missing benchmarks, mixed engine versions); fix when you can.</summary>
    Warning,

    /// <summary>Planning ignores or cannot use data the knowledge base holds (a GPU without a price, a benchmark of an unknown model); fix it.</summary>
    Error,
}
