using System.Collections.Immutable;
using System.Globalization;

namespace Compass.Core.Tests.Knowledge;

/// <summary>
/// How quality.json is computed from the Artificial Analysis benchmark table: for each use case a weighted mean of
/// the raw (not imputed) benchmark percentages that matter for it, renormalized over the metrics a model has. The
/// composite "index" columns are not used (the intelligence index is 100% for several weak models upstream).
/// A metric a model lacks is imputed from its MMLU-Pro by a least-squares line fitted over every model in the table
/// that has both (dropping the metric instead would favour older models, whose remaining metrics are the easier ones).
/// Models missing from the table use a labelled proxy.
/// </summary>
internal static class QualityScoreComputation
{
    public static readonly ImmutableDictionary<string, (string Metric, double Weight)[]> Weights = new Dictionary<string, (string, double)[]>
    {
        ["chatbot_conversational"] = [("mmlu_pro", 0.30), ("ifbench", 0.30), ("gpqa", 0.15), ("tau2", 0.25)],
        ["code_completion"] = [("livecodebench", 0.60), ("scicode", 0.40)],
        ["code_generation_detailed"] = [("livecodebench", 0.45), ("scicode", 0.35), ("ifbench", 0.20)],
        ["translation"] = [("mmlu_pro", 0.50), ("ifbench", 0.50)],
        ["content_generation"] = [("ifbench", 0.60), ("mmlu_pro", 0.40)],
        ["summarization_short"] = [("ifbench", 0.50), ("mmlu_pro", 0.30), ("lcr", 0.20)],
        ["document_analysis_rag"] = [("lcr", 0.40), ("ifbench", 0.30), ("mmlu_pro", 0.30)],
        ["long_document_summarization"] = [("lcr", 0.50), ("ifbench", 0.30), ("mmlu_pro", 0.20)],
        ["research_legal_analysis"] = [("mmlu_pro", 0.30), ("lcr", 0.30), ("gpqa", 0.20), ("hle", 0.20)],
    }.ToImmutableDictionary();

    /// <summary>Each catalog model's rows in the table, a scale factor, and a note when a proxy is used.</summary>
    public static readonly ImmutableDictionary<string, (string[] Rows, double Scale, string? Note)> Sources = new Dictionary<string, (string[], double, string?)>
    {
        ["meta-llama/Llama-3.2-1B-Instruct"] = (["Llama 3.2 Instruct 1B"], 1, null),
        ["meta-llama/Llama-3.2-3B-Instruct"] = (["Llama 3.2 Instruct 3B"], 1, null),
        ["HuggingFaceTB/SmolLM3-3B"] = (["Llama 3.2 Instruct 3B"], 1, "proxy: Llama 3.2 3B, the same-size model SmolLM3's report compares itself with (SmolLM3 is not in the table; likely pessimistic)"),
        ["Qwen/Qwen2.5-7B-Instruct"] = (["Qwen2.5 Instruct 32B"], 56.3 / 69.0, "proxy: Qwen2.5 32B scaled by the Qwen2.5 report's MMLU-Pro ratio 56.3/69.0 (7B is not in the table)"),
        ["Qwen/Qwen2.5-14B-Instruct"] = (["Qwen2.5 Instruct 32B"], 63.7 / 69.0, "proxy: Qwen2.5 32B scaled by the Qwen2.5 report's MMLU-Pro ratio 63.7/69.0 (14B is not in the table)"),
        ["Qwen/Qwen2.5-32B-Instruct"] = (["Qwen2.5 Instruct 32B"], 1, null),
        ["Qwen/Qwen2.5-72B-Instruct"] = (["Qwen2.5 Instruct 72B"], 1, null),
        ["mistralai/Mistral-7B-Instruct-v0.3"] = (["Mistral 7B Instruct"], 1, "the table does not say which v0.x release it measured"),
        ["mistralai/Mixtral-8x7B-Instruct-v0.1"] = (["Mixtral 8x7B Instruct"], 1, null),
        ["ibm-granite/granite-3.1-8b-instruct"] = (["Granite 3.3 8B (Non-reasoning)"], 1, "proxy: Granite 3.3 8B, its newer sibling (3.1 is not in the table; likely optimistic)"),
        ["meta-llama/Llama-3.1-8B-Instruct"] = (["Llama 3.1 Instruct 8B"], 1, null),
        ["microsoft/phi-4"] = (["Phi-4"], 1, null),
        ["openai/gpt-oss-20b"] = (["gpt-oss-20B (high)", "gpt-oss-20B (low)"], 1, "mean of the high and low reasoning-effort rows, standing for vLLM's default medium effort"),
        ["openai/gpt-oss-120b"] = (["gpt-oss-120B (high)", "gpt-oss-120B (low)"], 1, "mean of the high and low reasoning-effort rows, standing for vLLM's default medium effort"),
        ["mistralai/Mistral-Small-24B-Instruct-2501"] = (["Mistral Small 3"], 1, null),
        ["mistralai/Mistral-Small-3.1-24B-Instruct-2503"] = (["Mistral Small 3.1"], 1, null),
        ["meta-llama/Llama-3.1-70B-Instruct"] = (["Llama 3.1 Instruct 70B"], 1, null),
        ["meta-llama/Llama-3.3-70B-Instruct"] = (["Llama 3.3 Instruct 70B"], 1, null),
        ["nvidia/Llama-3.1-Nemotron-70B-Instruct-HF"] = (["Llama 3.1 Nemotron Instruct 70B"], 1, null),
        ["meta-llama/Llama-4-Scout-17B-16E-Instruct"] = (["Llama 4 Scout"], 1, null),
        ["meta-llama/Llama-4-Maverick-17B-128E-Instruct"] = (["Llama 4 Maverick"], 1, null),
    }.ToImmutableDictionary();

    public static ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, QualityScore>> Compute(string csv)
    {
        var table = Parse(csv);
        var result = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedDictionary<string, QualityScore>>(StringComparer.Ordinal);
        foreach (var (model, (rows, scale, note)) in Sources)
        {
            var records = rows.Select(r => table.TryGetValue(r, out var values) ? values : throw new InvalidOperationException($"Row '{r}' is not in the table.")).ToArray();
            var scores = ImmutableSortedDictionary.CreateBuilder<string, QualityScore>(StringComparer.Ordinal);
            foreach (var (useCase, weights) in Weights)
            {
                var imputed = new List<string>();
                double Value(Dictionary<string, double> record, string metric)
                {
                    if (record.TryGetValue(metric, out var v))
                    {
                        return v;
                    }

                    var (a, b, n) = Fit(table, metric);
                    imputed.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} (from MMLU-Pro, fit over {n} models)"));
                    return a + (b * record["mmlu_pro"]);
                }

                var value = weights.Sum(w => w.Weight * records.Average(r => Value(r, w.Metric))) / weights.Sum(w => w.Weight) * scale;
                var metrics = string.Join(", ", weights.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Metric} {w.Weight:0.##}")));
                var missing = imputed.Count > 0 ? "; imputed: " + string.Join(", ", imputed.Distinct()) : string.Empty;
                scores[useCase] = new QualityScore
                {
                    Score = Math.Round(Math.Clamp(value, 0, 100), 1),
                    Source = $"Artificial Analysis ({string.Join(" + ", rows)}): weighted mean of {metrics}{missing}" + (note is null ? string.Empty : "; " + note),
                };
            }

            result[model] = scores.ToImmutable();
        }

        return result.ToImmutable();
    }

    // Least-squares line metric = a + b × mmlu_pro over the models that have both.
    private static (double A, double B, int N) Fit(Dictionary<string, Dictionary<string, double>> table, string metric)
    {
        var pairs = table.Values.Where(r => r.ContainsKey(metric) && r.ContainsKey("mmlu_pro")).Select(r => (X: r["mmlu_pro"], Y: r[metric])).ToArray();
        var mx = pairs.Average(p => p.X);
        var my = pairs.Average(p => p.Y);
        var b = pairs.Sum(p => (p.X - mx) * (p.Y - my)) / pairs.Sum(p => (p.X - mx) * (p.X - mx));
        return (my - (b * mx), b, pairs.Length);
    }

    private static Dictionary<string, Dictionary<string, double>> Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var table = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 3; i < cells.Length; i++)
            {
                var cell = cells[i].Trim();
                if (cell.EndsWith('%') && double.TryParse(cell[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    values[header[i]] = v;
                }
            }

            table.TryAdd(cells[0].Trim(), values);
        }

        return table;
    }
}
