using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Engine;
using Compass.Planning.Memory;

namespace Compass.Cli.Commands;

/// <summary><c>compass estimate</c>: the physics model's step times and memory for one configuration, and why.</summary>
internal static class EstimateCommand
{
    public const string Usage = """
        Usage: compass estimate --model M --gpu G [--tp N] [--quant Q] [--kv-cache-dtype auto|fp8]
                                [--batch B] [--prompt P] [--context C] [--json]

        Predicts, for one replica of the configuration:
          prefill     the time to prefill B prompts of P tokens (chunked by max-num-batched-tokens, 8192)
          decode      the time of one decode step of B sequences at context C
          memory      weights, activations, overhead, KV cache, KV capacity in tokens and the largest batch at context C
        and splits each time into GPU work (compute-bound and memory-bound parts, TP communication) and engine overhead.

        --kv-cache-dtype takes vLLM's names: auto (the model's 16-bit dtype), fp8, fp8_e4m3 or fp8_e5m2 (1 byte per
        element); --kv-cache bf16|fp8 is the older spelling of the same choice.

        Defaults: --tp 1, --quant the model's first format, --kv-cache-dtype auto, --batch 1, --prompt 1024, --context 1024.
        """;

    private static readonly string[] Options = ["model", "gpu", "tp", "quant", "kv-cache", "kv-cache-dtype", "batch", "prompt", "context"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, KnowledgeCatalog catalog)
    {
        var line = CommandLine.Parse("estimate", args, Options, ["json"]);
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass estimate' takes options only (got '{line.Positionals[0]}'). Example: compass estimate --model llama-3.1-8b --gpu H100 --batch 32");
        }

        var model = catalog.ResolveModel(line.Get("model") ?? throw new CliException("Give --model, e.g. --model llama-3.1-8b ('compass catalog models' lists them).")).Spec;
        var gpu = ConfigurationOptions.ResolveOneGpu(catalog, line.Get("gpu") ?? throw new CliException("Give --gpu, e.g. --gpu H100 ('compass catalog gpus' lists them)."));
        var tp = line.GetInt("tp", 1, 64) ?? 1;
        var quantization = line.Get("quant") is { } q ? ConfigurationOptions.ParseFormat(model, q) : model.Quantizations[0].Quantization;
        if (line.Has("kv-cache") && line.Has("kv-cache-dtype"))
        {
            throw new CliException("Give --kv-cache-dtype or its older spelling --kv-cache, not both.");
        }

        var kvCache = line.GetChoice("kv-cache", new Dictionary<string, KvCacheFormat>(StringComparer.Ordinal) { ["bf16"] = KvCacheFormat.Bf16, ["fp16"] = KvCacheFormat.Fp16, ["fp8"] = KvCacheFormat.Fp8 })
            ?? ConfigurationOptions.ParseKvCacheDtype(line);
        var batch = line.GetInt("batch", 1, 4096) ?? 1;
        var prompt = line.GetInt("prompt", 1, 10_000_000) ?? 1024;
        var context = line.GetInt("context", 1, 10_000_000) ?? 1024;
        var a = model.Architecture;
        if (a.AttentionHeads % tp != 0)
        {
            throw new CliException($"--tp {tp} does not divide {model.Id}'s {a.AttentionHeads} attention heads; use a divisor such as 1, 2 or 4.");
        }

        if (Math.Max(prompt, context) > a.MaxContext)
        {
            throw new CliException(F($"{model.Id} has a {a.MaxContext:N0}-token context window; --prompt and --context must not exceed it."));
        }

        ConfigurationEstimate estimate;
        try
        {
            estimate = ConfigurationEstimator.Estimate(catalog, model, quantization, gpu, tp, kvCache, batch, prompt, context);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.NoFeasiblePlan);
        }

        var (prefill, prefillSteps, decode, memory, coefficients) = (estimate.Prefill, estimate.PrefillSteps, estimate.Decode, estimate.Memory, estimate.Coefficients);
        if (line.Has("json"))
        {
            var node = estimate.ToJsonObject();
            await stdout.WriteLineAsync(node.ToJsonString(CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        stdout.WriteLine(F($"Compass estimate: {model.Id} ({quantization}) on {tp}×{gpu.Type}, KV cache {(kvCache.IsFp8 ? "fp8" : "bf16")}"));
        stdout.WriteLine();
        var table = new Table(("Phase", false), ("Total ms", true), ("Compute ms", true), ("Memory ms", true), ("TP comm ms", true), ("GPU ms", true), ("Overhead ms", true), ("Bound", false));
        table.Add(F($"prefill {batch}×{prompt} tok ({prefillSteps} step{(prefillSteps == 1 ? "" : "s")})"), F($"{prefill.TotalMs:0.00}"), F($"{prefill.ComputeMs:0.00}"), F($"{prefill.MemoryMs:0.00}"),
            F($"{prefill.CommunicationMs:0.00}"), F($"{prefill.GpuMs:0.00}"), F($"{prefill.OverheadMs:0.00}"), prefill.ComputeBound ? "compute" : "memory");
        table.Add(F($"decode step {batch} seq @ {context} ctx"), F($"{decode.TotalMs:0.00}"), F($"{decode.ComputeMs:0.00}"), F($"{decode.MemoryMs:0.00}"),
            F($"{decode.CommunicationMs:0.00}"), F($"{decode.GpuMs:0.00}"), F($"{decode.OverheadMs:0.00}"), decode.ComputeBound ? "compute" : "memory");
        table.Write(stdout, "  ");
        stdout.WriteLine(F($"  decode throughput {batch * 1000 / decode.TotalMs:N0} tokens/s ({1000 / decode.TotalMs:0.#} tokens/s per sequence)"));
        stdout.WriteLine();
        stdout.WriteLine(F($"  Memory per GPU  {memory.UsableGiB:0.0} GiB usable = weights {memory.WeightsGiB:0.0} + activations {memory.ActivationsGiB:0.0} + overhead {memory.OverheadGiB:0.0} + KV cache {memory.KvCacheGiB:0.0} GiB"));
        stdout.WriteLine(F($"  KV cache        {memory.KvCacheTokens:N0} tokens ({memory.KvBytesPerToken / 1024:0.#} KiB per token per replica); at {context:N0} tokens of context: max batch {memory.MaxBatch}"));
        if (batch > memory.MaxBatch)
        {
            stdout.WriteLine(F($"  ! a batch of {batch} at {context:N0} tokens does not fit the KV cache (max {memory.MaxBatch}); vLLM would preempt or queue."));
        }

        stdout.WriteLine();
        var (computeFactor, bandwidthFactor) = coefficients.FormatFactors(quantization);
        stdout.WriteLine(F($"  Coefficients    GEMM {coefficients.GemmEfficiency * 100:0}% of peak, weight reads {coefficients.MemoryEfficiency * 100:0}% and KV reads {coefficients.EffectiveKvBandwidthEfficiency * 100:0}% of bandwidth, attention {coefficients.AttentionEfficiency * 100:0}%; {quantization} at {computeFactor:0.##}× BF16's GEMM and {bandwidthFactor:0.##}× its bandwidth efficiency"));
        stdout.WriteLine(F($"                  fixed GPU cost {coefficients.LayerOverheadUs:0.#} µs/layer + {coefficients.StepFixedMs:0.##} ms/step; all-reduce {coefficients.AllReduceLatencyUs:0.#} µs + {coefficients.CommunicationEfficiency * 100:0}% of link bandwidth; engine {coefficients.StepOverheadMs:0.##} ms/step + {coefficients.SequenceOverheadUs:0.#} µs/sequence"));
        stdout.WriteLine("  Evidence        " + coefficients.EvidenceSummary + (coefficients.Calibrated ? string.Empty : " (extrapolated: no calibration data for this GPU)"));
        if (coefficients.FitQuality.Length > 0)
        {
            stdout.WriteLine("  Fit             " + coefficients.FitQuality);
        }
        return ExitCodes.Success;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
