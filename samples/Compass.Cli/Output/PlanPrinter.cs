using System.Globalization;
using Compass.Core;
using Compass.Kserve.Vm;
using Compass.Planning.Service;

namespace Compass.Cli.Output;

/// <summary>
/// Prints a plan for people, fitted to the width: intent, traffic, SLOs, the ranked recommendations (a table when it
/// fits, one block per recommendation when it does not), the reasons with each option's cost and its single-VM
/// alternative, and what was left out, prose wrapped at words.
/// </summary>
internal static class PlanPrinter
{
    /// <summary>Below this width, one block per recommendation instead of a table.</summary>
    public const int NarrowWidth = 100;

    public static void Print(TextWriter w, PlanOutcome outcome, int width = TerminalWidth.Default, bool explain = false, IReadOnlyList<SingleVmAlternative>? vms = null)
    {
        vms ??= [];
        var plan = outcome.Plan;
        var i = plan.Intent;
        var t = plan.Traffic;
        var s = plan.Slo;
        void Prose(string text, string first, string next) => TextWrap.Write(w, text, width, first, next);
        Prose(F($"Compass plan: {plan.UseCase} ({plan.ExperienceClass})"), string.Empty, "  ");
        w.WriteLine();
        var load = i.ExpectedQps is { } q ? F($"{q:0.###} req/s") : F($"{i.UserCount:N0}{(i.UsersAreConcurrent ? " concurrent" : string.Empty)} users");
        var prefs = new List<string>();
        if (!i.PreferredGpuTypes.IsEmpty)
        {
            prefs.Add("GPUs " + string.Join("/", i.PreferredGpuTypes));
        }

        if (!i.PreferredModels.IsEmpty)
        {
            prefs.Add("models " + string.Join(", ", i.PreferredModels.Select(m => m.Name)));
        }

        if (i.MaxMonthlyCostUsd is { } budget)
        {
            prefs.Add(F($"budget ${budget:N0}/month"));
        }

        const string Label = "  Intent   ";
        const string Hang = "           ";
        Prose(F($"{load}; latency {Name(i.LatencyPriority)}, cost {Name(i.CostPriority)}, accuracy {Name(i.AccuracyPriority)}; {Name(i.DeploymentModel)}")
            + (prefs.Count > 0 ? "; " + string.Join("; ", prefs) : string.Empty), Label, Hang);
        Prose(F($"{t.MeanQps:0.###} req/s mean, {t.PeakQps:0.###} req/s peak, ~{t.ExpectedConcurrency:0} in flight at peak; {t.Arrival} arrivals"), "  Traffic  ", Hang);
        Prose(F($"prompts {t.PromptTokens}, outputs {t.OutputTokens}"), Hang, Hang);
        Prose(t.Derivation, Hang, Hang);
        Prose(s.ToString(), "  SLO      ", Hang);
        if (outcome.Extraction is { Notes.IsEmpty: false } extraction)
        {
            foreach (var note in CliHints.Notes(extraction))
            {
                Prose(note, "  Note     ", Hang);
            }
        }

        w.WriteLine();
        if (plan.Recommendations.IsEmpty)
        {
            w.WriteLine("  No configuration meets the SLOs.");
        }
        else
        {
            if (width < NarrowWidth || !RecommendationTable(plan).Write(w, "  ", width))
            {
                Blocks(w, plan, width);
            }

            Prose(Legend(plan) + (SingleVmText.AnyClosest(vms) ? " (" + SingleVmText.ClosestLegend + ")" : string.Empty), "  ", "  ");
            if (explain)
            {
                w.WriteLine();
                Explain(w, s.Percentile, width);
            }

            w.WriteLine();
            foreach (var r in plan.Recommendations)
            {
                Prose(F($"#{r.Rank} {r.Explanation}"), "  ", "     ");
                foreach (var tradeoff in r.Tradeoffs)
                {
                    Prose(tradeoff, "     - ", "       ");
                }

                foreach (var warning in r.Warnings)
                {
                    Prose(warning, "     ! ", "       ");
                }

                Prose(F($"cost: {r.Cost.Basis}"), "     ", "       ");
                if (vms.FirstOrDefault(v => v.Rank == r.Rank) is { } vm)
                {
                    Prose(SingleVmText.Line(vm, r.Replicas), "     ", "       ");
                }
            }
        }

        if (!plan.Notes.IsEmpty)
        {
            w.WriteLine();
            foreach (var note in plan.Notes)
            {
                Prose(note, "  ", "  ");
            }
        }

        if (!plan.Excluded.IsEmpty)
        {
            w.WriteLine();
            Prose(F($"Considered {plan.CandidatesConsidered} configurations. Left out:"), "  ", "  ");
            foreach (var e in plan.Excluded)
            {
                Prose(F($"{e.Count,5}  {e.Reason}, e.g. {e.Example}"), "    ", "           ");
            }
        }
    }

    /// <summary>The plain-words meaning of the table's terms, printed by <c>compass plan --explain</c>.</summary>
    public static void Explain(TextWriter w, double percentile, int width)
    {
        var p = F($"p{percentile:0.#}");
        w.WriteLine("  What the terms mean:");
        foreach (var (term, meaning) in new[]
        {
            ("TTFT", "time to first token: how long a user waits before the answer starts to appear."),
            ("ITL", "inter-token latency: the time between streamed tokens once the answer is flowing (reading speed)."),
            ("E2E", "end-to-end latency: from sending the request to receiving the last token."),
            (p, F($"the {percentile:0.#}th percentile: {percentile:0.#} of every 100 requests are at least this fast; the targets hold at this level.")),
            ("TP", "tensor parallelism: how many GPUs share one copy of the model (needed when it does not fit one GPU, or to go faster)."),
            ("Repl", "replicas: independent copies of the model behind a load balancer; GPUs = TP × replicas."),
            ("Pareto *", "on the Pareto frontier: no other option is at once cheaper, faster and of higher quality."),
            ("Source", "where the latency figures come from: benchmarked (measured runs), interpolated (between them), simulated or estimated (the physics model)."),
        })
        {
            TextWrap.Write(w, meaning, width, "    " + term.PadRight(9), new string(' ', 13));
        }
    }

    private static string Legend(Plan plan)
        => "(latency: predicted at peak / target; * = on the cost/latency/quality Pareto frontier; +kv8 = FP8 KV cache; --explain says what TTFT, ITL, E2E, "
            + F($"p{plan.Slo.Percentile:0.#}") + ", TP and Pareto mean)";

    private static Table RecommendationTable(Plan plan)
    {
        var s = plan.Slo;
        var table = new Table(
            new Table.Column("#", true), new Table.Column("Model", false, MinWidth: 12), new Table.Column("Quant", false), new Table.Column("GPU", false),
            new Table.Column("TP", true), new Table.Column("Repl", true), new Table.Column("GPUs", true),
            new Table.Column(F($"TTFT p{s.Percentile:0} ms"), true), new Table.Column("ITL ms", true), new Table.Column("E2E s", true),
            new Table.Column("Out tok/s", true, DropPriority: 2), new Table.Column("$/month", true), new Table.Column("$/1M tok", true, DropPriority: 3),
            new Table.Column("Quality", true, DropPriority: 4), new Table.Column("Source", false, DropPriority: 1));
        foreach (var r in plan.Recommendations)
        {
            var p = r.Predicted;
            table.Add(
                r.Rank.ToString(CultureInfo.InvariantCulture), r.ModelName, Format(r), r.Gpu.Value,
                r.TensorParallel.ToString(CultureInfo.InvariantCulture), r.Replicas.ToString(CultureInfo.InvariantCulture), r.TotalGpus.ToString(CultureInfo.InvariantCulture),
                F($"{p.TtftMs:0}/{s.TtftMs:0}"), F($"{p.ItlMs:0.0}/{s.ItlMs:0.#}"), F($"{p.E2eMs / 1000:0.0}/{s.E2eMs / 1000:0.0}"),
                F($"{p.OutputTokensPerSecond * r.Replicas:N0}"), F($"{r.MonthlyCostUsd:N0}"), F($"{r.Cost.UsdPerMillionOutputTokens:0.00}"),
                r.Quality is { } quality ? F($"{quality.Score:0.#}") : "?", Name(r.Source) + (r.OnParetoFrontier ? " *" : string.Empty));
        }

        return table;
    }

    // One block per recommendation, for terminals too narrow for the table.
    private static void Blocks(TextWriter w, Plan plan, int width)
    {
        var s = plan.Slo;
        foreach (var r in plan.Recommendations)
        {
            var p = r.Predicted;
            TextWrap.Write(w, F($"#{r.Rank}{(r.OnParetoFrontier ? " *" : string.Empty)} {r.ModelName} ({Format(r)}) on {r.TensorParallel}×{r.Gpu} (TP {r.TensorParallel}), {r.Replicas} replica(s), {r.TotalGpus} GPU(s)"), width, "  ", "     ");
            TextWrap.Write(w, F($"p{s.Percentile:0} TTFT {p.TtftMs:0}/{s.TtftMs:0} ms, ITL {p.ItlMs:0.0}/{s.ItlMs:0.#} ms, E2E {p.E2eMs / 1000:0.0}/{s.E2eMs / 1000:0.0} s"), width, "     ", "     ");
            TextWrap.Write(w, F($"${r.MonthlyCostUsd:N0}/month, ${r.Cost.UsdPerMillionOutputTokens:0.00}/1M tok, {p.OutputTokensPerSecond * r.Replicas:N0} out tok/s, quality {(r.Quality is { } quality ? F($"{quality.Score:0.#}") : "?")}, {Name(r.Source)}"), width, "     ", "     ");
        }
    }

    private static string Format(Recommendation r) => r.Quantization.Value + (r.KvCacheDtype.IsFp8 ? "+kv8" : string.Empty);

    private static string Name<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
