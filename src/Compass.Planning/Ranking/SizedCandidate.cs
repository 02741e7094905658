using Compass.Core;
using Compass.Planning.Capacity;

namespace Compass.Planning.Ranking;

/// <summary>A configuration that can serve the load: its size, memory, cost and quality, ready to rank.</summary>
/// <param name="Candidate">The configuration.</param>
/// <param name="Memory">One GPU's memory.</param>
/// <param name="Capacity">Replicas and prediction (feasible).</param>
/// <param name="Cost">The cost.</param>
/// <param name="Quality">The quality for the use case, or <see langword="null"/> when unknown.</param>
internal sealed record SizedCandidate(Candidate Candidate, MemoryBreakdown Memory, CapacityResult Capacity, CostEstimate Cost, QualityScore? Quality)
{
    /// <summary>Gets the prediction at peak load.</summary>
    public PerformancePrediction Prediction => Capacity.Prediction ?? throw new InvalidOperationException("A sized candidate must be feasible.");

    /// <summary>Gets the GPUs in total.</summary>
    public int TotalGpus => checked(Capacity.Replicas * Candidate.TensorParallel);

    /// <summary>Gets the largest ratio of predicted latency to its target over TTFT, ITL and E2E (≤ 1 when every SLO is met).</summary>
    /// <param name="slo">The targets.</param>
    /// <returns>The ratio.</returns>
    public double SloPressure(SloTargets slo)
    {
        ArgumentNullException.ThrowIfNull(slo);
        return Math.Max(Prediction.TtftMs / slo.TtftMs, Math.Max(Prediction.ItlMs / slo.ItlMs, Prediction.E2eMs / slo.E2eMs));
    }
}
