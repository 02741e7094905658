using System.Globalization;
using Compass.Core;

namespace Compass.Cli.Output;

/// <summary>A plan's recommendations as Markdown or CSV: one row each, plain numbers, for reports and spreadsheets.</summary>
internal static class PlanTables
{
    public static void WriteMarkdown(TextWriter w, Plan plan) => Build(plan).WriteMarkdown(w);

    public static void WriteCsv(TextWriter w, Plan plan) => Build(plan).WriteCsv(w);

    private static Table Build(Plan plan)
    {
        var s = plan.Slo;
        var table = new Table(
            ("rank", true), ("model", false), ("model_name", false), ("quantization", false), ("kv_cache_dtype", false), ("gpu", false),
            ("tensor_parallel", true), ("replicas", true), ("gpus", true), ("percentile", true),
            ("ttft_ms", true), ("ttft_target_ms", true), ("itl_ms", true), ("itl_target_ms", true), ("e2e_ms", true), ("e2e_target_ms", true),
            ("output_tokens_per_second", true), ("monthly_cost_usd", true), ("usd_per_million_output_tokens", true), ("quality", true),
            ("source", false), ("pareto_frontier", false));
        foreach (var r in plan.Recommendations)
        {
            var p = r.Predicted;
            table.Add(
                I(r.Rank), r.Model.Value, r.ModelName, r.Quantization.Value, r.KvCacheDtype.ToString(), r.Gpu.Value,
                I(r.TensorParallel), I(r.Replicas), I(r.TotalGpus), D(s.Percentile),
                D(Math.Round(p.TtftMs, 1)), D(s.TtftMs), D(Math.Round(p.ItlMs, 2)), D(s.ItlMs), D(Math.Round(p.E2eMs, 0)), D(s.E2eMs),
                D(Math.Round(p.OutputTokensPerSecond * r.Replicas, 0)), D(Math.Round(r.MonthlyCostUsd, 2)), D(Math.Round(r.Cost.UsdPerMillionOutputTokens, 4)),
                r.Quality is { } q ? D(Math.Round(q.Score, 1)) : string.Empty, r.Source.ToString().ToLowerInvariant(), r.OnParetoFrontier ? "true" : "false");
        }

        return table;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
