using System.Globalization;
using System.Text.RegularExpressions;

namespace Compass.Planning.Tests.Accuracy;

/// <summary>The metrics a real serving run published (any may be missing).</summary>
internal sealed record RunMetrics(
    double? TtftMean, double? TtftMedian, double? TpotMean, double? TpotMedian, double? ItlMean, double? ItlMedian, double? OutputTokensPerSecond, double? RequestsPerSecond);

/// <summary>One row of tests/data/real/serving.csv (see its README).</summary>
internal sealed record RealRun(
    string Id, string Source, string Model, string WeightFormat, string KvCacheDtype, string Gpu, int TensorParallel, string? VllmVersion,
    string Workload, int? InputTokens, int? OutputTokens, int? Concurrency, double? RequestRate, int? Prompts, RunMetrics Measured, string Notes)
{
    /// <summary>Gets the run's mean prompt and output lengths from the totals its notes print, if any.</summary>
    public (double Input, double Output)? Totals
    {
        get
        {
            var ok = TotalPattern("successful").Match(Notes);
            var input = TotalPattern("total_input").Match(Notes);
            var generated = TotalPattern("total_generated").Match(Notes);
            if (!ok.Success || !input.Success || !generated.Success)
            {
                return null;
            }

            var n = double.Parse(ok.Groups[1].Value, CultureInfo.InvariantCulture);
            return n <= 0 ? null : (double.Parse(input.Groups[1].Value, CultureInfo.InvariantCulture) / n, double.Parse(generated.Groups[1].Value, CultureInfo.InvariantCulture) / n);
        }
    }

    public static IReadOnlyList<RealRun> Load(string path)
    {
        var lines = Csv.Read(File.ReadAllText(path));
        var header = lines[0];
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no column {name}");
        string Text(string[] row, string name) => row[Column(name)].Trim();
        double? Number(string[] row, string name)
        {
            var text = Text(row, name);
            return text == "inf" ? double.PositiveInfinity
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
                : null; // empty, or a word such as "offline"

        }

        int? Integer(string[] row, string name) => Number(row, name) is { } d && double.IsFinite(d) ? (int)d : null;
        return [.. lines.Skip(1).Select(r => new RealRun(
            Text(r, "id"), Text(r, "source_id"), Text(r, "model"), Text(r, "weight_format"), Text(r, "kv_cache_dtype"), Text(r, "gpu"),
            Integer(r, "tensor_parallel") ?? 1, Text(r, "vllm_version") is { Length: > 0 } v ? v : null, Text(r, "workload"),
            Integer(r, "input_tokens"), Integer(r, "output_tokens"), Integer(r, "concurrency"), Number(r, "request_rate"), Integer(r, "num_prompts"),
            new RunMetrics(
                Number(r, "ttft_mean_ms"), Number(r, "ttft_median_ms"), Number(r, "tpot_mean_ms"), Number(r, "tpot_median_ms"),
                Number(r, "itl_mean_ms"), Number(r, "itl_median_ms"), Number(r, "output_throughput_tps"), Number(r, "request_throughput_rps")),
            Text(r, "notes")))];
    }

    private static Regex TotalPattern(string key) => new(key + @"=(\d+(?:\.\d+)?)", RegexOptions.CultureInvariant);
}

/// <summary>A small RFC 4180 reader (quoted fields with commas and doubled quotes).</summary>
internal static class Csv
{
    public static List<string[]> Read(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    rows.Add([.. fields]);
                }

                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}
