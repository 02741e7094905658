using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>
/// Finds the fewest replicas of a configuration that keep every SLO at peak load with headroom: the smallest R such
/// that one replica, at peak QPS × (1 + headroom) ÷ R, is predicted to meet TTFT, ITL and E2E at the SLO percentile,
/// and its requests in flight (rate × E2E, Little's law) fit in its KV cache. Predicted latency never falls as load
/// rises, so the condition is monotone in R and a binary search finds the smallest R. Redundant replicas are added on top.
/// </summary>
internal static class ReplicaPlanner
{
    /// <summary>Sizes a configuration.</summary>
    /// <param name="candidate">The configuration.</param>
    /// <param name="memory">Its memory breakdown (for the KV-cache bound).</param>
    /// <param name="specification">The traffic, SLOs and constraints.</param>
    /// <param name="performance">The performance model.</param>
    /// <returns>The replica count and prediction, or the reason it cannot serve the load.</returns>
    public static CapacityResult Size(Candidate candidate, MemoryBreakdown memory, DeploymentSpecification specification, IPerformanceModel performance)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(performance);
        var constraints = specification.Constraints;
        var load = specification.Traffic.PeakQps * (1 + constraints.Headroom);

        var atMost = Evaluate(candidate, memory, specification, performance, load / constraints.MaxReplicas);
        if (atMost.Failure is not null)
        {
            // At the most replicas allowed each replica carries the least load; failing there means no count works.
            var reason = atMost.Estimate?.Prediction is null
                ? atMost.Failure
                : atMost.Failure with { RequestRatePerReplica = load / constraints.MaxReplicas };
            return new CapacityResult { Failure = reason };
        }

        int low = 1, high = constraints.MaxReplicas;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (Evaluate(candidate, memory, specification, performance, load / mid).Failure is null)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        var peakQuery = Query(candidate, specification, specification.Traffic.PeakQps / low);
        var peak = performance.Predict(peakQuery).Prediction;
        if (peak is null)
        {
            peakQuery = Query(candidate, specification, load / low);
            peak = performance.Predict(peakQuery).Prediction;
        }

        var limitedBy = low > 1 ? Evaluate(candidate, memory, specification, performance, load / (low - 1)).Failure : null;
        return new CapacityResult
        {
            ServingReplicas = low,
            Replicas = checked(low + constraints.RedundantReplicas),
            Prediction = peak,
            PredictionQuery = peakQuery,
            LimitedBy = limitedBy,
        };
    }

    private static (PerformanceEstimate? Estimate, RejectionReason? Failure) Evaluate(
        Candidate candidate, MemoryBreakdown memory, DeploymentSpecification specification, IPerformanceModel performance, double rate)
    {
        var estimate = Predict(candidate, specification, performance, rate);
        if (estimate.Prediction is not { } prediction)
        {
            return (estimate, estimate.Reason);
        }

        var slo = specification.Slo;
        if (!prediction.Meets(slo))
        {
            var misses = new List<SloMiss>();
            if (prediction.TtftMs > slo.TtftMs)
            {
                misses.Add(new SloMiss(SloMetric.Ttft, prediction.TtftMs, slo.TtftMs));
            }

            if (prediction.ItlMs > slo.ItlMs)
            {
                misses.Add(new SloMiss(SloMetric.Itl, prediction.ItlMs, slo.ItlMs));
            }

            if (prediction.E2eMs > slo.E2eMs)
            {
                misses.Add(new SloMiss(SloMetric.E2e, prediction.E2eMs, slo.E2eMs));
            }

            return (estimate, new RejectionReason { Kind = RejectionKind.SloMissed, Percentile = slo.Percentile, SloMisses = [.. misses] });
        }

        var traffic = specification.Traffic;
        var inFlight = rate * prediction.E2eMs / 1000;
        var tokens = inFlight * (traffic.PromptTokens.Mean + traffic.OutputTokens.Mean);
        if (tokens > memory.KvCacheTokens)
        {
            return (estimate, new RejectionReason { Kind = RejectionKind.KvCacheTooSmall, Needed = Math.Ceiling(tokens), Available = memory.KvCacheTokens });
        }

        return (estimate, null);
    }

    private static PerformanceEstimate Predict(Candidate candidate, DeploymentSpecification specification, IPerformanceModel performance, double rate)
        => performance.Predict(Query(candidate, specification, rate));

    // Without MaxRequestRate: sizing compares latencies at given rates, and the physics model's search for the highest
    // sustainable rate costs about 25 estimates per configuration; CapacityPlanner adds it to the options it shows.
    private static PerformanceQuery Query(Candidate candidate, DeploymentSpecification specification, double rate)
        => new()
        {
            Model = candidate.Model,
            Quantization = candidate.Format.Quantization,
            Gpu = candidate.Gpu,
            TensorParallel = candidate.TensorParallel,
            PromptTokens = specification.Traffic.PromptTokens,
            OutputTokens = specification.Traffic.OutputTokens,
            RequestRate = rate,
            Percentile = specification.Slo.Percentile,
            Arrival = specification.Traffic.Arrival,
            KvCacheDtype = candidate.KvCacheDtype,
            IncludeMaxRequestRate = false,
        };
}
