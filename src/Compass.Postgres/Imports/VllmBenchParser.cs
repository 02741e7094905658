using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Compass.Postgres.Imports;

/// <summary>
/// Reads <c>vllm bench serve --save-result</c> JSON (<see cref="ImportFormat.VllmBench"/>): one result object, an array of
/// them, or one per line (<c>--append-result</c>). Each result is one point: <c>request_rate</c> (the offered rate; when
/// it is <c>"inf"</c> the achieved <c>request_throughput</c> stands in), <c>max_concurrency</c>, <c>output_throughput</c>,
/// and <c>mean_/median_/p90_/p95_/p99_</c> of <c>ttft</c>, <c>itl</c> and <c>e2el</c> in ms (a percentile vLLM was not
/// asked for stays null). Token lengths are <c>total_input_tokens</c> and <c>total_output_tokens</c> over
/// <c>completed</c>. Metadata added with <c>--metadata</c> (<c>gpu</c>, <c>tensor_parallel_size</c>,
/// <c>quantization</c>, <c>vllm_version</c>) is read when the options do not give it.
/// </summary>
internal static class VllmBenchParser
{
    public static void Parse(byte[] content, ImportContext context)
    {
        var results = Results(content, context);
        var options = context.Options;
        var loads = new List<Measurement>();
        string? engineVersion = null;
        var row = 0;
        foreach (var (result, document) in results)
        {
            using var owned = document;
            row++;
            if (result.ValueKind != JsonValueKind.Object)
            {
                throw context.Error(row, null, "expected a result object.");
            }

            var n = row;
            double? Number(string field) => JsonValues.Number(JsonValues.Get(result, field), context, n, field);
            string? Text(params string[] fields) => fields.Select(f => JsonValues.Text(JsonValues.Get(result, f))).FirstOrDefault(t => t is not null);
            var model = context.Model(options.Model ?? Text("model_id", "model"), n, options.Model is null ? "model_id" : null);
            var quantization = context.Quantization(model, options.Quantization ?? Text("quantization"), n, options.Quantization is null ? "quantization" : null);
            var gpu = context.Gpu(options.Gpu ?? Text("gpu", "hardware"), n, options.Gpu is null ? "gpu" : null);
            var tensorParallel = context.TensorParallel(
                options.TensorParallel ?? context.OptionalCount(Number("tensor_parallel_size") ?? Number("tp"), n, "tensor_parallel_size"), gpu, n, "tensor_parallel_size");
            engineVersion ??= Text("vllm_version", "engine_version");

            var completed = Number("completed");
            if (completed is not > 0)
            {
                context.Result.Notes.Add(FormattableString.Invariant($"Result {n} completed no requests; it was skipped."));
                continue;
            }

            var achieved = context.NonNegative(Number("request_throughput"), n, "request_throughput");
            var offered = Number("request_rate");
            double rate;
            if (offered is > 0 and < double.PositiveInfinity)
            {
                rate = offered.Value;
            }
            else
            {
                rate = context.Positive(achieved, n, "request_throughput");
                context.Result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Result {n} offered an unlimited request rate; it is stored at its achieved rate, {achieved:0.###} req/s."));
            }

            var latencies = new Latencies();
            string[] metrics = ["ttft", "itl", "e2el"];
            for (var m = 0; m < metrics.Length; m++)
            {
                string[] fields = [$"mean_{metrics[m]}_ms", $"median_{metrics[m]}_ms", $"p90_{metrics[m]}_ms", $"p95_{metrics[m]}_ms", $"p99_{metrics[m]}_ms"];
                for (var i = 0; i < fields.Length; i++)
                {
                    latencies.Values[(m * 5) + i] = context.OptionalNonNegative(Number(fields[i]), n, fields[i])
                        ?? (i == 1 ? context.OptionalNonNegative(Number($"p50_{metrics[m]}_ms"), n, $"p50_{metrics[m]}_ms") : null);
                }
            }

            loads.Add(new Measurement(model, quantization, gpu, tensorParallel,
                Number("total_input_tokens") / completed, StdDev(result, "input_lens"),
                Number("total_output_tokens") / completed, StdDev(result, "output_lens"),
                rate, context.OptionalCount(Number("max_concurrency"), n, "max_concurrency"), achieved,
                context.NonNegative(Number("output_throughput"), n, "output_throughput"),
                latencies));
        }

        if (row == 0)
        {
            throw context.Error(null, null, "the file holds no result.");
        }

        if (loads.Count == 0)
        {
            throw context.Error(null, "completed", "no result completed a request; there is nothing to import.");
        }

        context.NoteEngineDefaults(options.Engine ?? "vllm", options.EngineVersion ?? engineVersion);
        Measurement.AddRuns(context, loads, null, ImportContext.Engine(options.Engine), ImportContext.EngineVersion(options.EngineVersion ?? engineVersion),
            context.Provenance(options.Provenance, null, null), options.Source ?? context.FileName);
    }

    // One document (an object or an array of objects), or JSON lines.
    private static List<(JsonElement Result, JsonDocument? Document)> Results(byte[] content, ImportContext context)
    {
        try
        {
            var document = JsonDocument.Parse(content, JsonValues.DocumentOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                var list = document.RootElement.EnumerateArray().Select(e => (e, (JsonDocument?)null)).ToList();
                if (list.Count > 0)
                {
                    list[^1] = (list[^1].e, document);
                }

                return list;
            }

            return [(document.RootElement, document)];
        }
        catch (JsonException whole)
        {
            var results = new List<(JsonElement, JsonDocument?)>();
            var line = 0;
            foreach (var text in Encoding.UTF8.GetString(content).Split('\n'))
            {
                line++;
                if (text.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    var document = JsonDocument.Parse(text, JsonValues.DocumentOptions);
                    results.Add((document.RootElement, document));
                }
                catch (JsonException ex)
                {
                    foreach (var (_, d) in results)
                    {
                        d?.Dispose();
                    }

                    throw context.Error(results.Count == 0 ? null : results.Count + 1, null,
                        results.Count == 0 ? $"not valid JSON ({whole.Message})." : $"line {line} is not valid JSON ({ex.Message}); each line of a JSON-lines file (what vllm bench serve appends to) is one result.", ex);
                }
            }

            return results;
        }
    }

    private static double? StdDev(JsonElement result, string field)
    {
        if (JsonValues.Get(result, field) is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() < 2)
        {
            return null;
        }

        var values = list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList();
        if (values.Count < 2)
        {
            return null;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
