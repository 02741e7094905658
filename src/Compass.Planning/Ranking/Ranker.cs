using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Ranking;

/// <summary>
/// Scores feasible configurations on accuracy, cost, latency and simplicity (each 0–100, relative to the best
/// option), combines them with the user's priority weights, marks the Pareto frontier over (cost, p95 E2E, quality)
/// and explains each option against the cheapest, the best-quality and the fastest.
/// </summary>
internal static class Ranker
{
    /// <summary>Scores and orders configurations, best first, without building their recommendations yet.</summary>
    /// <param name="options">The feasible configurations.</param>
    /// <param name="specification">The specification (SLOs, priorities, use case).</param>
    /// <returns>The ranking.</returns>
    internal static Ranking Score(IReadOnlyList<SizedCandidate> options, DeploymentSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(specification);
        if (options.Count == 0)
        {
            return new Ranking([], [], [], specification, null, null, null);
        }

        var c = specification.Constraints;
        var slo = specification.Slo;
        var qualities = options.Select(o => o.Quality?.Score).ToArray();
        var known = qualities.Where(q => q is not null).Select(q => q!.Value).ToArray();
        var qMin = known.Length > 0 ? known.Min() : 0;
        var qMax = known.Length > 0 ? known.Max() : 0;
        var cheapest = options.Min(o => o.Cost.MonthlyUsd);
        var leastPressure = options.Min(o => o.SloPressure(slo));
        var weights = (A: PriorityWeights.Accuracy(c.AccuracyPriority), C: PriorityWeights.Cost(c.CostPriority),
            L: PriorityWeights.Latency(c.LatencyPriority), X: PriorityWeights.Complexity);

        var pareto = ParetoFrontier.Compute(options, o => o.Cost.MonthlyUsd, o => o.Prediction.E2eMs, o => o.Quality?.Score ?? double.NegativeInfinity);
        var scored = options.Select((o, i) =>
        {
            var accuracy = o.Quality is null ? 0 : qMax > qMin ? 100 * (o.Quality.Score - qMin) / (qMax - qMin) : 100;
            var cost = cheapest <= 0 ? 100 : 100 * cheapest / Math.Max(o.Cost.MonthlyUsd, 1e-9);
            var latency = 100 * leastPressure / o.SloPressure(slo);
            var complexity = Math.Max(0, 100 - (40.0 / 3 * Math.Log2(o.TotalGpus)));
            var overall = ((weights.A * accuracy) + (weights.C * cost) + (weights.L * latency) + (weights.X * complexity))
                / (weights.A + weights.C + weights.L + weights.X);
            return (Option: o, Pareto: pareto[i], Scores: new ScoreCard
            {
                Accuracy = Round(accuracy),
                Cost = Round(cost),
                Latency = Round(latency),
                Complexity = Round(complexity),
                Overall = Round(overall),
            });
        }).ToArray();

        // Best overall first, then cheaper, then by name, as a stable sort would order them; a name is only formatted
        // when two options tie on both (a plan sorts about a thousand, several times).
        var names = new string?[scored.Length];
        var order = new int[scored.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var c = scored[y].Scores.Overall.CompareTo(scored[x].Scores.Overall);
            if (c == 0)
            {
                c = scored[x].Option.Cost.MonthlyUsd.CompareTo(scored[y].Option.Cost.MonthlyUsd);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(names[x] ??= scored[x].Option.Candidate.ToString(), names[y] ??= scored[y].Option.Candidate.ToString());
            }

            return c != 0 ? c : x.CompareTo(y);
        });
        var ranked = Array.ConvertAll(order, i => scored[i]);

        return new Ranking(
            [.. ranked.Select(s => s.Option)],
            [.. ranked.Select(s => s.Scores)],
            [.. ranked.Select(s => s.Pareto)],
            specification,
            options.MinBy(o => o.Cost.MonthlyUsd),
            options.Where(o => o.Quality is not null).MaxBy(o => o.Quality!.Score),
            options.MinBy(o => o.Prediction.E2eMs));
    }

    /// <summary>Scored configurations, best first; <see cref="Recommend"/> builds one's recommendation and explanation.</summary>
    internal sealed record Ranking(
        ImmutableArray<SizedCandidate> Options,
        ImmutableArray<ScoreCard> Scores,
        ImmutableArray<bool> Pareto,
        DeploymentSpecification Specification,
        SizedCandidate? Cheapest,
        SizedCandidate? BestQuality,
        SizedCandidate? Fastest)
    {
        /// <summary>Builds the recommendation of the option at a position, numbered with a rank (1 is labelled the best overall).</summary>
        public Recommendation Recommend(int index, int rank)
            => Build(Options[index], Scores[index], Pareto[index], rank, Specification, Cheapest!, BestQuality, Fastest!);
    }

    private static Recommendation Build(
        SizedCandidate o, ScoreCard scores, bool pareto, int rank, DeploymentSpecification spec,
        SizedCandidate cheapest, SizedCandidate? bestQuality, SizedCandidate fastest)
    {
        var slo = spec.Slo;
        var p = o.Prediction;
        var labels = new List<string>();
        if (rank == 1)
        {
            labels.Add(F($"best overall for your priorities (accuracy {Name(spec.Constraints.AccuracyPriority)}, cost {Name(spec.Constraints.CostPriority)}, latency {Name(spec.Constraints.LatencyPriority)})"));
        }

        if (ReferenceEquals(o, cheapest))
        {
            labels.Add("the cheapest option that meets the SLOs");
        }

        if (ReferenceEquals(o, bestQuality))
        {
            labels.Add(F($"the highest-quality model for {spec.UseCase}"));
        }

        if (ReferenceEquals(o, fastest))
        {
            labels.Add("the lowest p95 end-to-end latency");
        }

        if (pareto && labels.Count == 0)
        {
            labels.Add("on the cost/latency/quality Pareto frontier");
        }

        var head = labels.Count > 0 ? Capitalize(string.Join("; ", labels)) + ". " : string.Empty;
        var explanation = head + F($"{o.Capacity.Replicas} replica(s) × {o.Candidate.TensorParallel} {o.Candidate.Gpu.Type} of {o.Candidate.Model.DisplayName} ({o.Candidate.Format.Quantization}{(o.Candidate.KvCacheDtype.IsFp8 ? ", FP8 KV cache" : string.Empty)}) ")
            + F($"hold p{slo.Percentile:0} TTFT {p.TtftMs:0} ms (target {slo.TtftMs:0}), ITL {p.ItlMs:0.#} ms ({slo.ItlMs:0.#}), E2E {p.E2eMs / 1000:0.0} s ({slo.E2eMs / 1000:0.0}) ")
            + F($"at {p.RequestRate:0.##} req/s per replica, for ${o.Cost.MonthlyUsd:N0}/month.");

        var tradeoffs = new List<string>();
        if (!ReferenceEquals(o, cheapest) && o.Cost.MonthlyUsd - cheapest.Cost.MonthlyUsd >= 1)
        {
            tradeoffs.Add(F($"costs ${o.Cost.MonthlyUsd - cheapest.Cost.MonthlyUsd:N0}/month more ({o.Cost.MonthlyUsd / cheapest.Cost.MonthlyUsd:0.0}×) than the cheapest option, {cheapest.Candidate}"));
        }

        if (bestQuality is not null && !ReferenceEquals(o, bestQuality) && bestQuality.Quality!.Score > (o.Quality?.Score ?? 0))
        {
            tradeoffs.Add(o.Quality is null
                ? F($"quality unknown for this model; {bestQuality.Candidate.Model.DisplayName} scores {bestQuality.Quality.Score:0.#}")
                : F($"quality {o.Quality.Score:0.#} vs {bestQuality.Quality.Score:0.#} for {bestQuality.Candidate.Model.DisplayName}"));
        }

        if (!ReferenceEquals(o, fastest) && fastest.Prediction.E2eMs < p.E2eMs * 0.95)
        {
            tradeoffs.Add(F($"p{slo.Percentile:0} E2E {p.E2eMs / 1000:0.0} s vs {fastest.Prediction.E2eMs / 1000:0.0} s for {fastest.Candidate}"));
        }

        var warnings = new List<string>();
        if (o.Quality is null)
        {
            warnings.Add("no quality data for this model: ranked as the lowest quality");
        }

        if (o.Capacity.LimitedBy is { Kind: RejectionKind.LoadBeyondBenchmarks })
        {
            warnings.Add("replica count set by how far the benchmark sweep goes, not by a measured SLO limit: " + o.Capacity.DescribeLimit());
        }
        else if (o.Capacity.EstimatedServingReplicas is { } estimated)
        {
            warnings.Add(F($"the simulation needed {o.Capacity.ServingReplicas} replicas where the estimate gave {estimated}: the tail under bursty arrivals is worse than the steady-state estimate"));
        }

        return new Recommendation
        {
            Rank = rank,
            Model = o.Candidate.Model.Id,
            ModelName = o.Candidate.Model.DisplayName,
            Quantization = o.Candidate.Format.Quantization,
            KvCacheDtype = o.Candidate.KvCacheDtype,
            Checkpoint = o.Candidate.Format.Repository,
            Gpu = o.Candidate.Gpu.Type,
            TensorParallel = o.Candidate.TensorParallel,
            Replicas = o.Capacity.Replicas,
            Predicted = p,
            MeetsSlo = p.Meets(slo),
            Cost = o.Cost,
            Quality = o.Quality,
            Memory = o.Memory,
            Scores = scores,
            OnParetoFrontier = pareto,
            Explanation = explanation,
            Highlights = [.. labels],
            Tradeoffs = [.. tradeoffs],
            Warnings = [.. warnings],
        };
    }

    private static string Name(Priority priority) => priority.ToString().ToLowerInvariant();

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static double Round(double value) => Math.Round(value, 1);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
