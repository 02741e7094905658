using System.Text.Json;
using Compass.Core.Knowledge;

namespace Compass.Postgres.Imports;

/// <summary>
/// Reads the upstream BLIS table (<see cref="ImportFormat.Blis"/>): <c>{ "benchmarks": [ row… ] }</c>, each row one point
/// of a sweep naming its checkpoint, hardware, count, framework and version. Every row is imported (the knowledge base
/// reader later leaves out points planning cannot use); exact repeats merge.
/// </summary>
internal static class BlisParser
{
    public static void Parse(byte[] content, ImportContext context)
    {
        using var document = JsonValues.Parse(content, context);
        var rows = JsonValues.Benchmarks(document, context, "the BLIS table");
        var options = context.Options;
        if (options.Model is not null || options.Gpu is not null || options.Quantization is not null || options.TensorParallel is not null)
        {
            context.Result.Notes.Add("BLIS rows name their own model, GPU, format and tensor-parallel degree; the import options' model, GPU, weight format and tensor-parallel degree were not used.");
        }

        var source = options.Source ?? KnowledgeBaseReader.BlisSource;
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var n = ++index;
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw context.Error(n, null, "expected an object.");
            }

            double? Number(string field) => JsonValues.Number(JsonValues.Get(row, field), context, n, field);
            var model = context.Model(JsonValues.Text(JsonValues.Get(row, "model_hf_repo")), n, "model_hf_repo");
            var gpu = context.Gpu(JsonValues.Text(JsonValues.Get(row, "hardware")), n, "hardware");
            var run = context.Run(model, context.Quantization(model, null, n, "model_hf_repo"), gpu,
                context.TensorParallel(context.OptionalCount(Number("hardware_count"), n, "hardware_count"), gpu, n, "hardware_count"),
                ImportContext.Engine(JsonValues.Text(JsonValues.Get(row, "framework")) ?? options.Engine),
                ImportContext.EngineVersion(JsonValues.Text(JsonValues.Get(row, "framework_version")) ?? options.EngineVersion),
                context.Provenance(options.Provenance, null, null),
                source,
                context.Positive(Number("prompt_tokens"), n, "prompt_tokens"),
                context.OptionalNonNegative(Number("prompt_tokens_stdev"), n, "prompt_tokens_stdev") ?? 0,
                context.Positive(Number("output_tokens"), n, "output_tokens"),
                context.OptionalNonNegative(Number("output_tokens_stdev"), n, "output_tokens_stdev") ?? 0);

            var latencies = new Latencies();
            for (var i = 0; i < Latencies.Names.Length; i++)
            {
                latencies.Values[i] = context.OptionalNonNegative(Number(Latencies.Names[i]), n, Latencies.Names[i]);
            }

            context.Point(run,
                context.Positive(Number("requests_per_second"), n, "requests_per_second"),
                null,
                context.NonNegative(Number("responses_per_second"), n, "responses_per_second"),
                context.NonNegative(Number("tokens_per_second"), n, "tokens_per_second"),
                latencies);
        }
    }
}
