using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>
/// Finds the fewest replicas of a configuration that keep every SLO at peak load with headroom: the smallest R such
/// that one replica, at peak QPS × (1 + headroom) ÷ R, is predicted to meet TTFT, ITL and E2E at the SLO percentile,
/// and its requests in flight (rate × E2E, Little's law) fit in its KV cache. Predicted latency never falls as load
/// rises, so the condition is monotone in R and a binary search finds the smallest R. Redundant replicas are added on top.
/// </summary>
public static class ReplicaPlanner
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
                : atMost.Failure + F($" even at light load ({load / constraints.MaxReplicas:0.###} req/s per replica)");
            return new CapacityResult { FailureReason = reason };
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

        var peak = Predict(candidate, specification, performance, specification.Traffic.PeakQps / low).Prediction;
        var limitedBy = low > 1 ? Evaluate(candidate, memory, specification, performance, load / (low - 1)).Failure : null;
        return new CapacityResult
        {
            ServingReplicas = low,
            Replicas = checked(low + constraints.RedundantReplicas),
            Prediction = peak ?? Predict(candidate, specification, performance, load / low).Prediction,
            LimitedBy = limitedBy is null ? null : F($"{low - 1} replica(s) would fail: {limitedBy}"),
        };
    }

    private static (PerformanceEstimate? Estimate, string? Failure) Evaluate(
        Candidate candidate, MemoryBreakdown memory, DeploymentSpecification specification, IPerformanceModel performance, double rate)
    {
        var estimate = Predict(candidate, specification, performance, rate);
        if (estimate.Prediction is not { } prediction)
        {
            return (estimate, estimate.UnavailableReason);
        }

        var slo = specification.Slo;
        if (!prediction.Meets(slo))
        {
            var misses = new List<string>();
            if (prediction.TtftMs > slo.TtftMs)
            {
                misses.Add(F($"TTFT {prediction.TtftMs:0} ms > {slo.TtftMs:0} ms"));
            }

            if (prediction.ItlMs > slo.ItlMs)
            {
                misses.Add(F($"ITL {prediction.ItlMs:0.#} ms > {slo.ItlMs:0.#} ms"));
            }

            if (prediction.E2eMs > slo.E2eMs)
            {
                misses.Add(F($"E2E {prediction.E2eMs:0} ms > {slo.E2eMs:0} ms"));
            }

            return (estimate, F($"misses the p{slo.Percentile:0} SLO: {string.Join(", ", misses)}"));
        }

        var traffic = specification.Traffic;
        var inFlight = rate * prediction.E2eMs / 1000;
        var tokens = inFlight * (traffic.PromptTokens.Mean + traffic.OutputTokens.Mean);
        if (tokens > memory.KvCacheTokens)
        {
            return (estimate, F($"{inFlight:0.#} requests in flight need {tokens:N0} KV-cache tokens, more than the {memory.KvCacheTokens:N0} that fit"));
        }

        return (estimate, null);
    }

    private static PerformanceEstimate Predict(Candidate candidate, DeploymentSpecification specification, IPerformanceModel performance, double rate)
        => performance.Predict(new PerformanceQuery
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
            KvCacheBytesPerElement = candidate.KvCacheBytesPerElement,
        });

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
