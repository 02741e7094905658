using Compass.Core;
using Compass.Planning.Performance;

namespace Compass.Planning.Capacity;

/// <summary>
/// Finds the fewest replicas of a configuration that keep every SLO at peak load with headroom: the smallest R such
/// that one replica, at peak QPS × (1 + headroom) ÷ R, is predicted to meet TTFT, ITL and E2E at the SLO percentile,
/// and its requests in flight (rate × E2E, Little's law) fit in its KV cache. Predicted latency never falls as load
/// rises, so the condition is monotone in R and a binary search finds the smallest R. Redundant replicas are added on top.
/// </summary>
internal static class ReplicaPlanner
{
    private static readonly RejectionReason Undescribed = RejectionReason.Other("fails at this rate");

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

        var atMost = Evaluate(candidate, memory, specification, performance, load / constraints.MaxReplicas, describe: true, out var predicted);
        if (atMost is not null)
        {
            // At the most replicas allowed each replica carries the least load; failing there means no count works.
            var reason = predicted ? atMost with { RequestRatePerReplica = load / constraints.MaxReplicas } : atMost;
            return new CapacityResult { Failure = reason };
        }

        int low = 1, high = constraints.MaxReplicas;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (Evaluate(candidate, memory, specification, performance, load / mid, describe: false, out _) is null)
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

        var limitedBy = low > 1 ? Evaluate(candidate, memory, specification, performance, load / (low - 1), describe: true, out _) : null;
        return new CapacityResult
        {
            ServingReplicas = low,
            Replicas = checked(low + constraints.RedundantReplicas),
            Prediction = peak,
            PredictionQuery = peakQuery,
            LimitedBy = limitedBy,
        };
    }

    // Why a configuration fails at a rate, or null when it serves it. Only the answer matters inside the search, so
    // there the latencies are probed without building a prediction (ILatencyProbe) and a failure is not described.
    private static RejectionReason? Evaluate(
        Candidate candidate, MemoryBreakdown memory, DeploymentSpecification specification, IPerformanceModel performance, double rate, bool describe,
        out bool predicted)
    {
        var query = Query(candidate, specification, rate);
        PerformanceEstimate? estimate = null;
        if (performance is not ILatencyProbe probe || !probe.TryProbe(query, out var latency))
        {
            estimate = performance.Predict(query);
            latency = ProbedLatency.Of(estimate.Prediction);
        }

        predicted = latency.Available;
        if (!latency.Available)
        {
            return describe ? (estimate ?? performance.Predict(query)).Reason : Undescribed;
        }

        var slo = specification.Slo;
        if (!(latency.TtftMs <= slo.TtftMs && latency.ItlMs <= slo.ItlMs && latency.E2eMs <= slo.E2eMs))
        {
            if (!describe)
            {
                return Undescribed;
            }

            var misses = new List<SloMiss>();
            if (latency.TtftMs > slo.TtftMs)
            {
                misses.Add(new SloMiss(SloMetric.Ttft, latency.TtftMs, slo.TtftMs));
            }

            if (latency.ItlMs > slo.ItlMs)
            {
                misses.Add(new SloMiss(SloMetric.Itl, latency.ItlMs, slo.ItlMs));
            }

            if (latency.E2eMs > slo.E2eMs)
            {
                misses.Add(new SloMiss(SloMetric.E2e, latency.E2eMs, slo.E2eMs));
            }

            return new RejectionReason { Kind = RejectionKind.SloMissed, Percentile = slo.Percentile, SloMisses = [.. misses] };
        }

        var traffic = specification.Traffic;
        var inFlight = rate * latency.E2eMs / 1000;
        var tokens = inFlight * (traffic.PromptTokens.Mean + traffic.OutputTokens.Mean);
        if (tokens > memory.KvCacheTokens)
        {
            return describe ? new RejectionReason { Kind = RejectionKind.KvCacheTooSmall, Needed = Math.Ceiling(tokens), Available = memory.KvCacheTokens } : Undescribed;
        }

        return null;
    }

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
