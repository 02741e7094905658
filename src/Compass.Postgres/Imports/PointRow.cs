namespace Compass.Postgres.Imports;

/// <summary>One benchmark point as it will be written to <c>benchmark_points</c>; latencies in ms, null where the source has none.</summary>
internal sealed record PointRow(string RunKey, double RequestRate, int? Concurrency, double AchievedRate, double OutputTokensPerSecond, Latencies Latencies);
