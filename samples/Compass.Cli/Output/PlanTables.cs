using System.Globalization;
using Compass.Core;
using Compass.Kserve.Vm;

namespace Compass.Cli.Output;

/// <summary>
/// A plan's recommendations as Markdown or CSV: one row each, plain numbers, for reports and spreadsheets; after the
/// plan's own columns, the single-VM alternative on each provider (<see cref="SingleVmText.Columns"/>).
/// </summary>
internal static class PlanTables
{
    public static void WriteMarkdown(TextWriter w, Plan plan, IReadOnlyList<SingleVmAlternative> vms, IReadOnlyList<string> providers) => Build(plan, vms, providers).WriteMarkdown(w);

    public static void WriteCsv(TextWriter w, Plan plan, IReadOnlyList<SingleVmAlternative> vms, IReadOnlyList<string> providers) => Build(plan, vms, providers).WriteCsv(w);

    private static Table Build(Plan plan, IReadOnlyList<SingleVmAlternative> vms, IReadOnlyList<string> providers)
    {
        var s = plan.Slo;
        (string, bool)[] columns =
        [
            ("rank", true), ("model", false), ("model_name", false), ("quantization", false), ("kv_cache_dtype", false), ("gpu", false),
            ("tensor_parallel", true), ("replicas", true), ("gpus", true), ("percentile", true),
            ("ttft_ms", true), ("ttft_target_ms", true), ("itl_ms", true), ("itl_target_ms", true), ("e2e_ms", true), ("e2e_target_ms", true),
            ("output_tokens_per_second", true), ("monthly_cost_usd", true), ("usd_per_million_output_tokens", true), ("quality", true),
            ("source", false), ("pareto_frontier", false),
            .. SingleVmText.Columns(providers),
        ];
        var table = new Table(columns);
        foreach (var r in plan.Recommendations)
        {
            var p = r.Predicted;
            string[] cells =
            [
                I(r.Rank), r.Model.Value, r.ModelName, r.Quantization.Value, r.KvCacheDtype.ToString(), r.Gpu.Value,
                I(r.TensorParallel), I(r.Replicas), I(r.TotalGpus), D(s.Percentile),
                D(Math.Round(p.TtftMs, 1)), D(s.TtftMs), D(Math.Round(p.ItlMs, 2)), D(s.ItlMs), D(Math.Round(p.E2eMs, 0)), D(s.E2eMs),
                D(Math.Round(p.OutputTokensPerSecond * r.Replicas, 0)), D(Math.Round(r.MonthlyCostUsd, 2)), D(Math.Round(r.Cost.UsdPerMillionOutputTokens, 4)),
                r.Quality is { } q ? D(Math.Round(q.Score, 1)) : string.Empty, r.Source.ToString().ToLowerInvariant(), r.OnParetoFrontier ? "true" : "false",
                .. SingleVmText.Cells(vms.FirstOrDefault(v => v.Rank == r.Rank), providers),
            ];
            table.Add(cells);
        }

        return table;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
