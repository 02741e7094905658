using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;

namespace Compass.Planning.Capacity;

/// <summary>
/// Checks a physics-sized configuration with the continuous-batching simulation before it is shown: the whole
/// deployment (all serving replicas behind a least-loaded router) is simulated at peak load plus headroom, under the
/// traffic's own arrival process and token-length distributions, and the SLO percentile is read from the simulated
/// requests. When the simulated tail misses a target, or the queue keeps growing, a replica is added and the run
/// repeated. Deterministic: the workload seed is fixed.
/// </summary>
public sealed class SimulationVerifier
{
    /// <summary>The seed of every verification workload.</summary>
    public const int Seed = 20_261_201;

    private const int MinRequests = 1_500;
    private const int MaxRequests = 6_000;
    private const double SimulatedSeconds = 180;
    private const int MaxExtraReplicas = 8;
    private readonly KnowledgeCatalog _catalog;
    private readonly Lock _gate = new();
    private (WorkloadSpec Spec, Workload Workload)? _lastWorkload;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="catalog">The catalog (calibrations for the engine profiles).</param>
    public SimulationVerifier(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>Verifies a sized candidate, adding replicas until the simulated percentile meets every target.</summary>
    /// <param name="candidate">The configuration.</param>
    /// <param name="capacity">Its size from the capacity search.</param>
    /// <param name="specification">The traffic, SLOs and constraints.</param>
    /// <returns>The verified size (its prediction labelled <see cref="PredictionSource.Simulated"/>), or why it failed.</returns>
    internal CapacityResult Verify(Candidate candidate, CapacityResult capacity, DeploymentSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(specification);
        var c = specification.Constraints;
        var traffic = specification.Traffic;
        var slo = specification.Slo;
        EngineProfile profile;
        try
        {
            profile = EngineProfiles.Create(_catalog, candidate.Model, candidate.Format.Quantization, candidate.Gpu, candidate.TensorParallel,
                new ServingLimits { GpuMemoryUtilization = c.GpuMemoryUtilization, KvCacheDtype = candidate.KvCacheDtype });
        }
        catch (ConfigurationRejectedException ex)
        {
            return new CapacityResult { Failure = ex.Reason };
        }
        catch (ArgumentException ex)
        {
            return new CapacityResult { Failure = RejectionReason.Other(ex.Message) };
        }

        var load = traffic.PeakQps * (1 + c.Headroom);
        var requests = (int)Math.Clamp(load * SimulatedSeconds, MinRequests, MaxRequests);
        var spec = new WorkloadSpec
        {
            RatePerSecond = load,
            Arrivals = traffic.Arrival,
            PromptTokens = traffic.PromptTokens,
            OutputTokens = traffic.OutputTokens,
            Requests = requests,
        };
        var workload = WorkloadFor(spec);
        var limit = Math.Min(c.MaxReplicas, capacity.ServingReplicas + MaxExtraReplicas);
        RejectionReason? last = null;
        for (var replicas = Math.Max(1, capacity.ServingReplicas); replicas <= limit; replicas++)
        {
            var options = new SimulationOptions { Profile = profile, Replicas = replicas, Router = RouterPolicy.LeastLoaded, WarmupFraction = 0.1 };
            ClusterRun.Validate(profile);
            var result = new ClusterRun(workload, options, detailed: false).Run();
            if (result.Measured == 0 || result.Rejected > 0)
            {
                return new CapacityResult
                {
                    Failure = new RejectionReason
                    {
                        Kind = RejectionKind.SloMissedInSimulation,
                        Replicas = replicas,
                        Detail = F($"it completed none of the requests; {result.Rejected} were rejected with prompts longer than the KV cache"),
                    },
                };
            }

            var (ttft, itl, e2e) = SloPercentiles(result, slo.Percentile) ?? SloPercentiles(ServingSimulator.Run(workload, options), slo.Percentile)
                ?? throw new InvalidOperationException("A simulation that measured requests listed none.");
            var meets = ttft <= slo.TtftMs && itl <= slo.ItlMs && e2e <= slo.E2eMs && result.Verdict != SaturationVerdict.Overloaded;
            if (!meets)
            {
                last = new RejectionReason
                {
                    Kind = RejectionKind.SloMissedInSimulation,
                    Replicas = replicas,
                    Percentile = slo.Percentile,
                    SloMisses = [.. Misses(ttft, itl, e2e, slo)],
                    Detail = result.Verdict == SaturationVerdict.Overloaded ? "the queue kept growing" : null,
                };
                continue;
            }

            var prediction = capacity.Prediction! with
            {
                TtftMs = ttft,
                ItlMs = itl,
                E2eMs = e2e,
                RequestRate = load / replicas,
                OutputTokensPerSecond = result.OutputTokensPerSecond / replicas,
                Source = PredictionSource.Simulated,
                Basis = F($"continuous-batching simulation of {replicas} replica(s) behind a least-loaded router at {load:0.###} req/s (peak + {c.Headroom * 100:0}% headroom), {requests:N0} requests ({traffic.Arrival} arrivals, seed {Seed}), verdict {result.Verdict.ToString().ToLowerInvariant()}, {result.Preemptions} preemptions, KV cache peak {result.KvUtilizationPeak * 100:0}% full; step times: {capacity.Prediction!.Basis}"),
            };
            return capacity with
            {
                ServingReplicas = replicas,
                Replicas = checked(replicas + c.RedundantReplicas),
                Prediction = prediction,
                EstimatedServingReplicas = replicas > capacity.ServingReplicas ? capacity.ServingReplicas : null,
                LimitedBy = replicas > capacity.ServingReplicas ? null : capacity.LimitedBy,
            };
        }

        return new CapacityResult { Failure = last ?? new RejectionReason { Kind = RejectionKind.SloMissedInSimulation, Replicas = limit } };
    }

    // Every option of a plan is verified under the same traffic, in parallel: the seeded workload is generated once.
    private Workload WorkloadFor(WorkloadSpec spec)
    {
        lock (_gate)
        {
            if (_lastWorkload is not { } last || last.Spec != spec)
            {
                _lastWorkload = last = (spec, Workload.Generate(spec, Seed));
            }

            return last.Workload;
        }
    }

    private static IEnumerable<SloMiss> Misses(double ttft, double itl, double e2e, SloTargets slo)
    {
        if (ttft > slo.TtftMs)
        {
            yield return new SloMiss(SloMetric.Ttft, ttft, slo.TtftMs);
        }

        if (itl > slo.ItlMs)
        {
            yield return new SloMiss(SloMetric.Itl, itl, slo.ItlMs);
        }

        if (e2e > slo.E2eMs)
        {
            yield return new SloMiss(SloMetric.E2e, e2e, slo.E2eMs);
        }
    }

    // The TTFT, mean ITL and E2E percentiles (nearest rank) over the measured requests that completed. The summaries
    // hold them for the usual percentiles over the same requests (ITL leaves out single-token requests, whose mean ITL
    // is 0); otherwise they are read from the requests, when the result lists them, or null.
    private static (double Ttft, double Itl, double E2e)? SloPercentiles(SimulationResult result, double percentile)
    {
        if (percentile is 50 or 90 or 95 or 99 && result.Itl.Count == result.Measured)
        {
            return (result.Ttft.At(percentile), result.Itl.At(percentile), result.E2e.At(percentile));
        }

        if (result.Requests.IsDefaultOrEmpty)
        {
            return null;
        }

        var measured = result.Requests.Where(r => r.Measured && r.Outcome == RequestOutcome.Completed).ToArray();
        return (Quantile(measured.Select(r => r.TtftMs), percentile), Quantile(measured.Select(r => r.MeanItlMs), percentile), Quantile(measured.Select(r => r.E2eMs), percentile));
    }

    private static double Quantile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Percentiles.NearestRank(sorted, percentile);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
