using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;

namespace Compass.Planning.Tests.Accuracy;

/// <summary>
/// One row of tests/data/real/latency.csv: vLLM's <c>benchmark_latency.py</c> (a batch of B prompts of P tokens,
/// each generating O tokens, timed end to end), predicted as one prefill of B × P tokens (in chunks of the LLM class's
/// token budget) followed by O − 1 decode steps of B sequences with growing context.
/// </summary>
internal sealed record LatencyRun(string Id, string Source, string Model, string WeightFormat, string Gpu, int TensorParallel, string? VllmVersion, int Batch, int Input, int Output, string Metric, double MeasuredMs, string Notes)
{
    public static IReadOnlyList<LatencyRun> Load(string path)
    {
        var lines = Csv.Read(File.ReadAllText(path));
        var header = lines[0];
        int Column(string name) => Array.IndexOf(header, name);
        int Int(string[] r, string name) => int.TryParse(r[Column(name)], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return [.. lines.Skip(1).Select(r => new LatencyRun(
            r[Column("id")], r[Column("source_id")], r[Column("model")], r[Column("weight_format")], r[Column("gpu")], Math.Max(1, Int(r, "tensor_parallel")),
            r[Column("vllm_version")] is { Length: > 0 } v ? v : null, Int(r, "batch_size"), Int(r, "input_tokens"), Int(r, "output_tokens"),
            r[Column("metric")], double.Parse(r[Column("value_ms")], CultureInfo.InvariantCulture), r[Column("notes")]))];
    }

    /// <summary>Resolves the row against the catalog (and the real-data model configs), or says why it cannot be predicted.</summary>
    public (ResolvedRun? Run, string? Skip) Resolve(KnowledgeCatalog catalog)
    {
        if (Metric != "e2e_latency_avg" || Batch <= 0 || Input <= 0 || Output <= 0)
        {
            return (null, $"metric '{Metric}' or its shape is not a benchmark_latency run");
        }

        var run = new RealRun(Id, Source, Model, WeightFormat, string.Empty, Gpu, TensorParallel, VllmVersion, "random", Input, Output, Batch, null, Batch, new RunMetrics(null, null, null, null, null, null, null, null), Notes);
        return RealRunPredictor.Resolve(run, catalog);
    }

    /// <summary>Predicts the batch's end-to-end latency with the coefficients.</summary>
    public double Predict(ResolvedRun r, EngineCoefficients coefficients)
    {
        // benchmark_latency runs the offline LLM class: 16,384 tokens per step on GPUs with 70 GiB or more (A100
        // excepted), 8,192 elsewhere.
        var big = r.Gpu.MemoryGiB >= 70 && !r.Gpu.Type.Value.StartsWith("A100", StringComparison.Ordinal);
        var limits = r.Limits with { MaxNumBatchedTokens = big ? 16_384 : 8192 };
        var profile = EngineProfiles.Create(r.Model, r.Format, r.Gpu, r.Run.TensorParallel, coefficients, limits);
        var total = 0.0;
        var remaining = (long)Batch * Input;
        var done = 0L;
        while (remaining > 0)
        {
            var chunk = (int)Math.Min(remaining, limits.MaxNumBatchedTokens);
            var sequences = Math.Max(1, (int)Math.Ceiling((double)chunk / Input));
            var perSequence = chunk / sequences;
            var step = default(StepBatch);
            for (var i = 0; i < sequences; i++)
            {
                step += StepBatch.Prefill(perSequence);
            }

            total += profile.StepTime.Predict(step).TotalMs;
            remaining -= chunk;
            done += chunk;
        }

        for (var k = 1; k < Output; k++)
        {
            total += profile.StepTime.Predict(StepBatch.Decode(Batch, (long)Batch * (Input + k))).TotalMs;
        }

        return total;
    }
}
