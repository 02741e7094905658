using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Engine;
using Compass.Planning.Memory;

namespace Compass.Cli.Commands;

/// <summary><c>compass estimate</c>: the physics model's step times and memory for one configuration, and why.</summary>
internal sealed class EstimateCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _model = CliOptions.Name("model", "a model id or alias ('compass catalog models')", "M", "llama-3.1-8b", "compass catalog models")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Models.Select(m => m.Id.Value));
    private readonly Option<string?> _gpu = CliOptions.Name("gpu", "one GPU type ('compass catalog gpus')", "G", "H100", "compass catalog gpus")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Gpus.Select(g => g.Type.Value));
    private readonly Option<int?> _tp = CliOptions.Int("tp", 1, 64, "tensor parallelism (default 1)");
    private readonly Option<string?> _quant = CliOptions.Text("quant", "weight format (default: the model's first)", "Q");
    private readonly Option<KvCacheFormat?> _kvCache = CliOptions.Choice("kv-cache", new Dictionary<string, KvCacheFormat>(StringComparer.Ordinal) { ["bf16"] = KvCacheFormat.Bf16, ["fp16"] = KvCacheFormat.Fp16, ["fp8"] = KvCacheFormat.Fp8 }, "the older spelling of --kv-cache-dtype");
    private readonly Option<string?> _kvCacheDtype = CliOptions.Text("kv-cache-dtype", "vLLM's names: auto (default, the model's 16-bit dtype), fp8, fp8_e4m3 or fp8_e5m2 (1 byte per element)", "D");
    private readonly Option<int?> _batch = CliOptions.Int("batch", 1, 4096, "sequences per step (default 1)", "B");
    private readonly Option<int?> _prompt = CliOptions.Int("prompt", 1, 10_000_000, "prompt tokens per sequence for prefill (default 1024)", "P");
    private readonly Option<int?> _contextTokens = CliOptions.Int("context", 1, 10_000_000, "context tokens per sequence for a decode step (default 1024)", "C");
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the estimate as JSON");

    public EstimateCommand(CliContext context)
        : base("estimate", """
            Physics step times and memory for one configuration.

            Predicts, for one replica of the configuration:
              prefill     the time to prefill B prompts of P tokens (chunked by max-num-batched-tokens, 8192)
              decode      the time of one decode step of B sequences at context C
              memory      weights, activations, overhead, KV cache, KV capacity in tokens and the largest batch at context C
            and splits each time into GPU work (compute-bound and memory-bound parts, TP communication) and engine overhead.
            """)
    {
        _context = context;
        foreach (var option in new Option[] { _model, _gpu, _tp, _quant, _kvCacheDtype, _kvCache, _batch, _prompt, _contextTokens, _json })
        {
            Options.Add(option);
        }

        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        var catalog = await CliServices.CatalogAsync(_context.KnowledgeBase(result), cancellationToken).ConfigureAwait(false);
        var model = catalog.ResolveModel(result.GetValue(_model) ?? throw new CliException("Give --model, e.g. --model llama-3.1-8b ('compass catalog models' lists them).")).Spec;
        var gpu = ConfigurationOptions.ResolveOneGpu(catalog, result.GetValue(_gpu) ?? throw new CliException("Give --gpu, e.g. --gpu H100 ('compass catalog gpus' lists them)."));
        var tp = result.GetValue(_tp) ?? 1;
        var quantization = result.GetValue(_quant) is { } q ? ConfigurationOptions.ParseFormat(model, q) : model.Quantizations[0].Quantization;
        if (result.GetValue(_kvCache) is not null && result.GetValue(_kvCacheDtype) is not null)
        {
            throw new CliException("Give --kv-cache-dtype or its older spelling --kv-cache, not both.");
        }

        var kvCache = result.GetValue(_kvCache) ?? ConfigurationOptions.ParseKvCacheDtype(result.GetValue(_kvCacheDtype));
        var batch = result.GetValue(_batch) ?? 1;
        var prompt = result.GetValue(_prompt) ?? 1024;
        var context = result.GetValue(_contextTokens) ?? 1024;
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
        if (result.GetValue(_json))
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
