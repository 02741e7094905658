using System.Globalization;
using Compass.Core;
using Compass.Planning.Service;

namespace Compass.Cli.Output;

/// <summary>Prints a plan for people: intent, traffic, SLOs, the ranked table, the reasons and what was left out.</summary>
internal static class PlanPrinter
{
    public static void Print(TextWriter w, PlanOutcome outcome)
    {
        var plan = outcome.Plan;
        var i = plan.Intent;
        var t = plan.Traffic;
        var s = plan.Slo;
        w.WriteLine(F($"Compass plan: {plan.UseCase} ({plan.ExperienceClass})"));
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

        w.WriteLine(F($"  Intent   {load}; latency {Name(i.LatencyPriority)}, cost {Name(i.CostPriority)}, accuracy {Name(i.AccuracyPriority)}; {Name(i.DeploymentModel)}")
            + (prefs.Count > 0 ? "; " + string.Join("; ", prefs) : string.Empty));
        w.WriteLine(F($"  Traffic  {t.MeanQps:0.###} req/s mean, {t.PeakQps:0.###} req/s peak, ~{t.ExpectedConcurrency:0} in flight at peak; {t.Arrival} arrivals"));
        w.WriteLine(F($"           prompts {t.PromptTokens}, outputs {t.OutputTokens}"));
        w.WriteLine(F($"           {t.Derivation}"));
        w.WriteLine(F($"  SLO      {s}"));
        if (outcome.Extraction is { Notes.IsEmpty: false } extraction)
        {
            foreach (var note in CliHints.Notes(extraction))
            {
                w.WriteLine("  Note     " + note);
            }
        }

        w.WriteLine();
        if (plan.Recommendations.IsEmpty)
        {
            w.WriteLine("  No configuration meets the SLOs.");
        }
        else
        {
            var table = new Table(("#", true), ("Model", false), ("Quant", false), ("GPU", false), ("TP", true), ("Repl", true), ("GPUs", true),
                (F($"TTFT p{s.Percentile:0} ms"), true), ("ITL ms", true), ("E2E s", true), ("Out tok/s", true), ("$/month", true), ("$/1M tok", true),
                ("Quality", true), ("Source", false));
            foreach (var r in plan.Recommendations)
            {
                var p = r.Predicted;
                table.Add(
                    r.Rank.ToString(CultureInfo.InvariantCulture), r.ModelName, r.Quantization.Value + (r.KvCacheDtype.IsFp8 ? "+kv8" : string.Empty), r.Gpu.Value,
                    r.TensorParallel.ToString(CultureInfo.InvariantCulture), r.Replicas.ToString(CultureInfo.InvariantCulture), r.TotalGpus.ToString(CultureInfo.InvariantCulture),
                    F($"{p.TtftMs:0}/{s.TtftMs:0}"), F($"{p.ItlMs:0.0}/{s.ItlMs:0.#}"), F($"{p.E2eMs / 1000:0.0}/{s.E2eMs / 1000:0.0}"),
                    F($"{p.OutputTokensPerSecond * (r.Replicas):N0}"), F($"{r.MonthlyCostUsd:N0}"), F($"{r.Cost.UsdPerMillionOutputTokens:0.00}"),
                    r.Quality is { } quality ? F($"{quality.Score:0.#}") : "?", Name(r.Source) + (r.OnParetoFrontier ? " *" : string.Empty));
            }

            table.Write(w, "  ");
            w.WriteLine("  (latency columns: predicted at peak / target; * = on the cost/latency/quality Pareto frontier; +kv8 = FP8 KV cache)");
            w.WriteLine();
            foreach (var r in plan.Recommendations)
            {
                w.WriteLine(F($"  #{r.Rank} {r.Explanation}"));
                foreach (var tradeoff in r.Tradeoffs)
                {
                    w.WriteLine("     - " + tradeoff);
                }

                foreach (var warning in r.Warnings)
                {
                    w.WriteLine("     ! " + warning);
                }

                w.WriteLine(F($"     cost: {r.Cost.Basis}"));
            }
        }

        if (!plan.Notes.IsEmpty)
        {
            w.WriteLine();
            foreach (var note in plan.Notes)
            {
                w.WriteLine("  " + note);
            }
        }

        if (!plan.Excluded.IsEmpty)
        {
            w.WriteLine();
            w.WriteLine(F($"  Considered {plan.CandidatesConsidered} configurations. Left out:"));
            foreach (var e in plan.Excluded)
            {
                w.WriteLine(F($"    {e.Count,5}  {e.Reason}, e.g. {e.Example}"));
            }
        }
    }

    private static string Name<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
