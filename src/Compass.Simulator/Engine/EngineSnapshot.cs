namespace Compass.Simulator.Engine;

/// <summary>The engine's gauges at one moment.</summary>
internal readonly record struct EngineSnapshot(int Running, int Waiting, double KvCacheUsage, long UsedBlocks, long TotalBlocks);
