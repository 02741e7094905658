using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Capacity;
using Compass.Planning.Cost;
using Compass.Planning.Memory;
using Compass.Planning.Ranking;
using Compass.Planning.Specification;

namespace Compass.Planning;

/// <summary>
/// Searches model × format × KV-cache format × GPU × tensor parallelism × replicas for a specification: drops what does not fit in
/// memory or context, sizes the rest to the fewest replicas that keep the SLOs at peak, prices them, and ranks them.
/// Nothing infeasible is ever recommended. Pure and deterministic; thread-safe.
/// </summary>
public sealed class CapacityPlanner
{
    private static readonly int[] TensorParallelDegrees = [1, 2, 4, 8];
    private readonly KnowledgeCatalog _catalog;
    private const int MaxVerificationRounds = 6;
    private const int RankedShortlist = 10;
    private readonly IPerformanceModel _performance;
    private readonly SimulationVerifier? _verifier;
    private readonly ParallelOptions _parallelism;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="catalog">The knowledge catalog.</param>
    /// <param name="performance">The performance model.</param>
    /// <param name="verifier">
    /// When given, every physics-estimated option is checked by the continuous-batching simulation (and resized if it
    /// must be) before it is shown.
    /// </param>
    /// <param name="maxDegreeOfParallelism">
    /// How many configurations are sized (and simulated) at once: -1 (the default) for one per processor, 1 for none in
    /// parallel. The plan is the same whatever the value.
    /// </param>
    public CapacityPlanner(KnowledgeCatalog catalog, IPerformanceModel performance, SimulationVerifier? verifier = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(performance);
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for one per processor, or a positive number.");
        }

        _catalog = catalog;
        _performance = performance;
        _verifier = verifier;
        _parallelism = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    /// <summary>Plans a deployment.</summary>
    /// <param name="request">The intent and specification.</param>
    /// <returns>The plan, with recommendations best first (possibly none, with notes saying why).</returns>
    public Plan Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Specification;
        var c = spec.Constraints;
        var traffic = spec.Traffic;
        var sequenceTokens = checked(traffic.PromptTokens.P95 + traffic.OutputTokens.P95);
        var limits = new ServingLimits { GpuMemoryUtilization = c.GpuMemoryUtilization };

        // Configurations are sized independently (the performance model is thread-safe) and merged in enumeration order,
        // so the plan does not depend on how many run at once.
        var enumerated = Candidates(c).ToArray();
        var outcomes = new (SizedCandidate? Sized, RejectionReason? Rejection)[enumerated.Length];
        Parallel.For(0, enumerated.Length, _parallelism, i => outcomes[i] = enumerated[i] switch
        {
            { Candidate: { } candidate } => Size(candidate, spec, sequenceTokens, limits),
            var pre => (null, pre.Rejection),
        });

        var excluded = new List<RejectionReason>();
        var feasible = new List<SizedCandidate>();
        foreach (var (sized, rejection) in outcomes)
        {
            if (sized is not null)
            {
                feasible.Add(sized);
            }
            else
            {
                excluded.Add(rejection!);
            }
        }

        var shortlist = Shortlist(feasible, spec);
        if (_verifier is not null)
        {
            shortlist = Verify(feasible, shortlist, spec, excluded);
        }

        var shown = Show(shortlist, spec.Constraints.Top);
        shown = [.. shown.Select(r => WithMaxRequestRate(r, feasible))];

        return new Plan
        {
            Intent = request.Intent,
            UseCase = spec.UseCase,
            ExperienceClass = spec.ExperienceClass,
            Traffic = traffic,
            Slo = spec.Slo,
            Constraints = c,
            Recommendations = shown,
            CandidatesConsidered = feasible.Count + excluded.Count,
            Excluded = [.. excluded.GroupBy(e => e.Kind).OrderByDescending(g => g.Count())
                .Select(g => ExclusionSummary.Of([.. g]))],
            Notes = Notes(shown, feasible, excluded, spec, _catalog),
        };
    }

    private (SizedCandidate? Sized, RejectionReason? Rejection) Size(Candidate candidate, DeploymentSpecification spec, int sequenceTokens, ServingLimits limits)
    {
        if (candidate.Model.Architecture.MaxContext < sequenceTokens)
        {
            return (null, new RejectionReason
            {
                Kind = RejectionKind.ContextTooShort,
                Configuration = candidate.Model.Id.Value,
                Needed = sequenceTokens,
                Available = candidate.Model.Architecture.MaxContext,
            });
        }

        var memory = MemoryModel.Compute(candidate.Model, candidate.Format.Quantization, candidate.Gpu, candidate.TensorParallel, sequenceTokens,
            limits with { KvCacheDtype = candidate.KvCacheDtype });
        if (!memory.Fits)
        {
            return (null, new RejectionReason
            {
                Kind = RejectionKind.DoesNotFitInMemory,
                Configuration = candidate.ToString(),
                Needed = memory.WeightsGiB,
                Available = memory.UsableGiB,
            });
        }

        var capacity = ReplicaPlanner.Size(candidate, memory, spec, _performance);
        if (!capacity.IsFeasible)
        {
            return (null, capacity.Failure! with { Configuration = candidate.ToString() });
        }

        var (cost, noPrice) = Price(candidate, capacity, spec);
        return cost is null
            ? (null, noPrice)
            : (new SizedCandidate(candidate, memory, capacity, cost, QualityModel.For(candidate.Model, candidate.Format, spec.UseCase, candidate.KvCacheDtype)), null);
    }

    // Ranks are positions in a shortlist of at least RankedShortlist options (verified by simulation as a whole), and
    // Top only chooses which of them to show: asking for fewer options never renumbers them, so a rank names the same
    // configuration whatever Top was (up to RankedShortlist; a longer list verifies more options, which may reorder it).
    // Only the options picked get a recommendation (with its explanation) built: a plan scores about a thousand.
    private static ImmutableArray<Recommendation> Shortlist(List<SizedCandidate> feasible, DeploymentSpecification spec)
    {
        var scored = Ranker.Score(feasible, spec);
        var keys = scored.Options.Select(KeyOf).ToArray();
        return [.. Select(keys, Math.Max(spec.Constraints.Top, RankedShortlist)).Select((index, i) => scored.Recommend(index, i + 1))];
    }

    private static ImmutableArray<Recommendation> Show(ImmutableArray<Recommendation> shortlist, int top)
    {
        var keys = shortlist.Select(KeyOf).ToArray();
        return [.. Select(keys, top).Select(i => shortlist[i])];
    }

    private static (CostEstimate? Cost, RejectionReason? Rejection) Price(Candidate candidate, CapacityResult capacity, DeploymentSpecification spec)
    {
        var c = spec.Constraints;
        var gpus = checked(capacity.Replicas * candidate.TensorParallel);
        var cost = CostModel.Estimate(candidate.Gpu, gpus, spec.Traffic, c, out var noPrice);
        if (cost is null)
        {
            return (null, new RejectionReason { Kind = RejectionKind.NoPrice, Configuration = candidate.ToString(), Detail = noPrice });
        }

        if (c.MaxMonthlyCostUsd is { } budget && cost.MonthlyUsd > budget)
        {
            return (null, new RejectionReason { Kind = RejectionKind.OverBudget, Configuration = candidate.ToString(), Needed = cost.MonthlyUsd, Available = budget });
        }

        return (cost, null);
    }

    // Simulate every estimated option about to be shown; resize or drop it as the simulation says, re-rank, and repeat
    // until everything shown is benchmarked or verified.
    private ImmutableArray<Recommendation> Verify(
        List<SizedCandidate> feasible, ImmutableArray<Recommendation> shown, DeploymentSpecification spec, List<RejectionReason> excluded)
    {
        var verified = new HashSet<Candidate>();
        for (var round = 0; round < MaxVerificationRounds; round++)
        {
            var pending = shown.Where(r => r.Source == PredictionSource.Estimated)
                .Select(r => feasible.First(s => Matches(s, r)))
                .Where(s => !verified.Contains(s.Candidate))
                .ToArray();
            if (pending.Length == 0)
            {
                break;
            }

            // The simulations are independent; their results are applied in the order a serial run would apply them.
            var results = new CapacityResult[pending.Length];
            Parallel.For(0, pending.Length, _parallelism, i => results[i] = _verifier!.Verify(pending[i].Candidate, pending[i].Capacity, spec));
            for (var i = 0; i < pending.Length; i++)
            {
                var (sized, capacity) = (pending[i], results[i]);
                verified.Add(sized.Candidate);
                feasible.Remove(sized);
                if (!capacity.IsFeasible)
                {
                    excluded.Add(capacity.Failure! with { Configuration = sized.Candidate.ToString() });
                    continue;
                }

                var (cost, noPrice) = Price(sized.Candidate, capacity, spec);
                if (cost is null)
                {
                    excluded.Add(noPrice!);
                }
                else
                {
                    feasible.Add(sized with { Capacity = capacity, Cost = cost });
                }
            }

            shown = Shortlist(feasible, spec);
        }

        return shown;
    }

    // Sizing predicts without the highest rate one replica sustains (ReplicaPlanner: the physics model searches for it,
    // about 25 estimates per configuration); the options shown get it here, from the query that predicted their step times.
    private Recommendation WithMaxRequestRate(Recommendation shown, List<SizedCandidate> feasible)
    {
        if (shown.Predicted.MaxRequestRate is not null || feasible.First(s => Matches(s, shown)).Capacity.PredictionQuery is not { } query)
        {
            return shown;
        }

        return _performance.Predict(query with { IncludeMaxRequestRate = true }).Prediction?.MaxRequestRate is { } rate
            ? shown with { Predicted = shown.Predicted with { MaxRequestRate = rate } }
            : shown;
    }

    private static bool Matches(SizedCandidate s, Recommendation r)
        => s.Candidate.Model.Id == r.Model && s.Candidate.Format.Quantization == r.Quantization && s.Candidate.Gpu.Type == r.Gpu
            && s.Candidate.TensorParallel == r.TensorParallel && s.Candidate.KvCacheDtype == r.KvCacheDtype;

    // The top options by score, one per (model, format, GPU) with its best tensor-parallel degree: first the best overall,
    // then never without the cheapest, the best-quality and the fastest option: they are the ends of the trade-off a user needs to see.
    // Returns positions in the ranked list, in rank order.
    private static IEnumerable<int> Select(IReadOnlyList<SelectionKey> ranked, int top)
    {
        if (ranked.Count == 0)
        {
            return [];
        }

        var indices = Enumerable.Range(0, ranked.Count).ToArray();
        var musts = new[]
        {
            0,
            indices.MinBy(i => ranked[i].CostUsd),
            indices.MaxBy(i => ranked[i].Quality),
            indices.MinBy(i => ranked[i].E2eMs),
        }.Distinct().Take(top);
        var chosen = new HashSet<int>();
        var groups = new HashSet<ConfigurationKey>();
        foreach (var must in musts)
        {
            if (groups.Add(ranked[must].Group))
            {
                chosen.Add(must);
            }
        }

        for (var i = 0; i < ranked.Count && chosen.Count < top; i++)
        {
            if (groups.Add(ranked[i].Group))
            {
                chosen.Add(i);
            }
        }

        return chosen.Order();
    }

    private static SelectionKey KeyOf(Recommendation r)
        => new(new ConfigurationKey(r.Model, r.Quantization, r.Gpu), r.MonthlyCostUsd, r.Quality?.Score ?? double.NegativeInfinity, r.Predicted.E2eMs);

    private static SelectionKey KeyOf(SizedCandidate o)
        => new(new ConfigurationKey(o.Candidate.Model.Id, o.Candidate.Format.Quantization, o.Candidate.Gpu.Type), o.Cost.MonthlyUsd, o.Quality?.Score ?? double.NegativeInfinity, o.Prediction.E2eMs);

    private IEnumerable<(Candidate? Candidate, RejectionReason? Rejection)> Candidates(PlanningConstraints c)
    {
        var models = c.Models.IsEmpty ? _catalog.Models : [.. c.Models.Select(m => _catalog.GetModel(m)).OfType<ModelSpec>()];
        var gpus = c.Gpus.IsEmpty ? _catalog.Gpus : [.. c.Gpus.Select(g => _catalog.GetGpu(g)).OfType<GpuSpec>()];
        foreach (var model in models)
        {
            foreach (var format in model.Quantizations.Where(f => c.Quantizations.IsEmpty || c.Quantizations.Contains(f.Quantization)))
            {
                foreach (var gpu in gpus)
                {
                    foreach (var tp in TensorParallelDegrees.Where(t => t <= gpu.MaxGpusPerNode))
                    {
                        var a = model.Architecture;
                        if (a.AttentionHeads % tp != 0 || (a.KvHeads % tp != 0 && tp % a.KvHeads != 0))
                        {
                            yield return (null, new RejectionReason
                            {
                                Kind = RejectionKind.TensorParallelIndivisible,
                                Configuration = F($"{model.Id} on {tp}×{gpu.Type}"),
                                Needed = tp,
                                Available = a.AttentionHeads,
                            });
                            continue;
                        }

                        if (c.KvCacheDtype is not { IsFp8: true })
                        {
                            yield return (new Candidate(model, format, gpu, tp), null);
                        }

                        if (gpu.Fp8Tflops is not null && c.KvCacheDtype is null or { IsFp8: true })
                        {
                            // GPUs with FP8 support can hold the KV cache in FP8: twice the tokens, half the KV reads.
                            yield return (new Candidate(model, format, gpu, tp, KvCacheFormat.Fp8), null);
                        }
                        else if (gpu.Fp8Tflops is null && c.KvCacheDtype is { IsFp8: true })
                        {
                            yield return (null, new RejectionReason
                            {
                                Kind = RejectionKind.ExcludedByConstraint,
                                Configuration = F($"{model.Id} ({format.Quantization}) on {tp}×{gpu.Type}"),
                                Constraint = nameof(PlanningConstraints.KvCacheDtype),
                                Detail = F($"it asks for an FP8 KV cache and {gpu.Type} has no FP8 support"),
                            });
                        }
                    }
                }
            }
        }
    }

    private static ImmutableArray<string> Notes(
        ImmutableArray<Recommendation> shown, List<SizedCandidate> feasible, List<RejectionReason> excluded, DeploymentSpecification spec, KnowledgeCatalog catalog)
    {
        var notes = new List<string>();
        if (shown.Any(r => r.Predicted.Basis.Contains("BLIS", StringComparison.Ordinal)))
        {
            notes.Add("Predictions come from BLIS-simulated vLLM benchmark sweeps (fitted to real GuideLLM runs), not from measurements on your hardware; validate with a load test before committing.");
        }

        if (shown.Any(r => r.Source is PredictionSource.Estimated or PredictionSource.Simulated))
        {
            notes.Add("Configurations without benchmarks are predicted by the physics model (step times calibrated to real measurements; see docs/accuracy.md for its measured error); validate with a load test before committing.");
            foreach (var gpu in shown.Where(r => r.Source is PredictionSource.Estimated or PredictionSource.Simulated).Select(r => r.Gpu).Distinct().OrderBy(g => g.Value, StringComparer.Ordinal))
            {
                var c = Engine.EngineProfiles.CoefficientsFor(catalog, gpu);
                notes.Add($"{gpu} step-time evidence{(c.Calibrated ? string.Empty : " (extrapolated: no measurements of this GPU)")}: {c.EvidenceSummary}.");
            }
        }

        if (feasible.Count > shown.Length)
        {
            notes.Add(F($"{feasible.Count} configurations meet the SLOs; showing the best {shown.Length} (one per model, format and GPU)."));
        }

        if (shown.IsEmpty)
        {
            var budget = excluded.Count(e => e.Kind == RejectionKind.OverBudget);
            notes.Add(budget > 0 && spec.Constraints.MaxMonthlyCostUsd is { } b
                ? F($"Nothing meets the SLOs within ${b:N0}/month; {budget} configuration(s) would at a higher cost. Raise the budget or loosen the SLOs.")
                : "No configuration meets the SLOs under these constraints. See the excluded configurations for why; loosen the SLOs, widen the GPU or model choice, or lower the load.");
        }

        return [.. notes];
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct SelectionKey(ConfigurationKey Group, double CostUsd, double Quality, double E2eMs);
}
