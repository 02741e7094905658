using Compass.Core;
using Compass.Planning.Simulation;

namespace Compass.Planning.Calibration;

/// <summary>What a real serving run measured: means over its requests (any may be missing).</summary>
/// <param name="TtftMs">Mean time to first token.</param>
/// <param name="TpotMs">Mean time per output token after the first (per request, then averaged, as vLLM reports it).</param>
/// <param name="ItlMs">Mean inter-token latency (every gap, pooled).</param>
/// <param name="OutputTokensPerSecond">Output tokens per second over the run.</param>
internal sealed record ObservedMetrics(double? TtftMs, double? TpotMs, double? ItlMs, double? OutputTokensPerSecond);

/// <summary>
/// One real serving run, ready to be simulated with any coefficients: <paramref name="Simulate"/> builds the
/// deployment with the given coefficients, replays the run's load and returns what the simulation measured.
/// </summary>
/// <param name="Id">The run's id.</param>
/// <param name="Group">The group its data came from (a source or deployment), for holding groups out.</param>
/// <param name="Gpu">The GPU class the run used.</param>
/// <param name="Measured">What the run measured.</param>
/// <param name="Simulate">Simulates the run with coefficients for its GPU class.</param>
/// <param name="LightLoad">Whether the run kept few requests in flight (a handful of users), so that its TTFT is the
/// request overhead plus one prefill rather than queueing.</param>
internal sealed record ServingObservation(string Id, string Group, GpuType Gpu, ObservedMetrics Measured, Func<EngineCoefficients, SimulationResult> Simulate, bool LightLoad = false)
{
    /// <summary>Gets coefficients with an engine overhead in place of theirs.</summary>
    /// <param name="coefficients">The coefficients.</param>
    /// <param name="overhead">The overhead.</param>
    /// <returns>The coefficients with the overhead.</returns>
    public static EngineCoefficients With(EngineCoefficients coefficients, EngineOverhead overhead)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(overhead);
        return coefficients with
        {
            StepOverheadMs = overhead.StepMs,
            SequenceOverheadUs = overhead.SequenceUs,
            RequestOverheadMs = overhead.RequestMs,
            RequestServiceMs = overhead.RequestServiceMs,
            OutputTokenOverheadMs = overhead.OutputTokenMs,
        };
    }

    /// <summary>Reads the same metrics off a simulation.</summary>
    /// <param name="result">The simulation.</param>
    /// <returns>Its TTFT, TPOT and ITL means and output throughput.</returns>
    public static ObservedMetrics Read(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ObservedMetrics(result.Ttft.Mean, result.Itl.Mean, result.TokenGaps.Mean, result.OutputTokensPerSecond);
    }
}
