using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;

namespace Compass.Planning.Tests.Accuracy;

/// <summary>A run the harness can predict: the configuration, the workload and the engine limits, resolved.</summary>
internal sealed record ResolvedRun(RealRun Run, ModelSpec Model, Quantization Format, GpuSpec Gpu, double KvBytes, ServingLimits Limits, TokenDistribution Prompts, TokenDistribution Outputs)
{
    /// <summary>Gets whether the run is vLLM's offline <c>benchmark_throughput.py</c> (the LLM class, no API server).</summary>
    public bool Offline { get; init; }
}

/// <summary>
/// Turns a published vLLM serving run into a Compass simulation of the same deployment and load, and reads the same
/// metrics off the result: TTFT (arrival to first token), TPOT (per-request mean gap, as vLLM reports it), ITL (pooled
/// gaps) and output tokens per second.
/// </summary>
internal static class RealRunPredictor
{
    private static readonly Lazy<Dictionary<string, ModelSpec>> Extra = new(() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "real", "models"), "*.json")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => ModelSpec.FromHuggingFaceConfig(File.ReadAllText(f)), StringComparer.OrdinalIgnoreCase));

    /// <summary>Resolves a run, or says why it cannot be predicted.</summary>
    public static (ResolvedRun? Run, string? Skip) Resolve(RealRun run, KnowledgeCatalog catalog)
    {
        if (run.Notes.Contains("DOUBT", StringComparison.Ordinal))
        {
            return (null, "marked doubtful in the data");
        }

        var offline = run.Workload == "sharegpt (offline benchmark_throughput.py)" && run.Measured.RequestsPerSecond is > 0 && run.Prompts is > 0;
        if (run.Workload is not ("random" or "sharegpt") && !offline)
        {
            return (null, $"workload '{run.Workload}' is not modelled");
        }

        if (run.Concurrency is null && run.RequestRate is null && !offline)
        {
            return (null, "no load given");
        }

        if (run.Notes.Contains("eager", StringComparison.OrdinalIgnoreCase) || run.Notes.Contains("num-scheduler-steps", StringComparison.Ordinal))
        {
            return (null, "non-default engine mode (eager or multi-step)");
        }

        var model = Model(run.Model, catalog);
        if (model is null)
        {
            return (null, $"no architecture for {run.Model} (MLA models are not modelled)");
        }

        var gpu = Gpu(run.Gpu, catalog);
        if (gpu is null)
        {
            return (null, $"GPU '{run.Gpu}' is not in the catalog");
        }

        var format = Format(run.WeightFormat);
        if (format is null)
        {
            return (null, $"weight format '{run.WeightFormat}' is not modelled");
        }

        model = WithFormat(model, format.Value);
        // The data set states the format in free text ("auto (no --kv-cache-dtype …)", "not stated").
        var kv = run.KvCacheDtype.Contains("fp8", StringComparison.OrdinalIgnoreCase) ? KvCacheFormat.Fp8 : KvCacheFormat.Auto;
        TokenDistribution prompts, outputs;
        if (run.Workload == "random")
        {
            if (run.InputTokens is not { } i || run.OutputTokens is not { } o)
            {
                return (null, "random workload without lengths");
            }

            prompts = TokenDistribution.Fixed(i);
            outputs = TokenDistribution.Fixed(o);
            if (run.Totals is { } t && t.Output < o * 0.98)
            {
                // Without --ignore-eos many answers stop early: the run's own mean, spread below the requested length.
                outputs = TokenDistribution.LogNormal(t.Output, t.Output / 2, 1, o);
            }
        }
        else if (run.Totals is { } totals && !offline)
        {
            prompts = TokenDistribution.LogNormal(totals.Input, totals.Input, 4, 4096);
            outputs = TokenDistribution.LogNormal(totals.Output, totals.Output, 1, 4096);
        }
        else
        {
            prompts = TokenDistribution.ShareGptPrompts;
            outputs = TokenDistribution.ShareGptOutputs;
        }

        var limits = offline ? OfflineLimits(gpu, kv) : Limits(run.VllmVersion, gpu, kv);
        return (new ResolvedRun(run, model, format.Value, gpu, kv.BytesPerElement, limits, prompts, outputs) { Offline = offline }, null);
    }

    /// <summary>Simulates a resolved run with given coefficients and reads the run's metrics off the result.</summary>
    public static RunMetrics Predict(ResolvedRun r, EngineCoefficients coefficients, int seed = 1)
    {
        var result = Simulate(r, coefficients, seed);
        return new RunMetrics(result.Ttft.Mean, result.Ttft.P50, result.Itl.Mean, result.Itl.P50, result.TokenGaps.Mean, result.TokenGaps.P50, result.OutputTokensPerSecond, result.RequestsPerSecond);
    }

    /// <summary>Simulates a resolved run.</summary>
    public static SimulationResult Simulate(ResolvedRun r, EngineCoefficients coefficients, int seed = 1)
        => Simulate(r, EngineProfiles.Create(r.Model, r.Format, r.Gpu, r.Run.TensorParallel, coefficients, r.Limits), seed);

    /// <summary>Simulates a resolved run on a given engine profile.</summary>
    public static SimulationResult Simulate(ResolvedRun r, EngineProfile profile, int seed = 1)
    {
        var options = new SimulationOptions { Profile = profile };
        var prompts = r.Run.Prompts ?? 200;
        SimulationResult result;
        if (r.Offline)
        {
            // benchmark_throughput.py hands every prompt to the engine at once.
            var random = new Random(seed);
            result = ServingSimulator.Run(Workload.FromTrace(Enumerable.Range(0, prompts).Select(_ =>
                new WorkloadRequest(0, TokenSampler.Sample(r.Prompts, random), TokenSampler.Sample(r.Outputs, random)))), options);
        }
        else if (r.Run.Concurrency is { } users)
        {
            result = ServingSimulator.Run(new ClosedLoopSpec { Concurrency = users, PromptTokens = r.Prompts, OutputTokens = r.Outputs, Requests = Math.Max(prompts, users) }, seed, options);
        }
        else if (r.Run.RequestRate is { } rate && double.IsPositiveInfinity(rate))
        {
            var random = new Random(seed);
            result = ServingSimulator.Run(Workload.FromTrace(Enumerable.Range(0, prompts).Select(_ =>
                new WorkloadRequest(0, TokenSampler.Sample(r.Prompts, random), TokenSampler.Sample(r.Outputs, random)))), options);
        }
        else
        {
            result = ServingSimulator.Run(new WorkloadSpec { RatePerSecond = r.Run.RequestRate!.Value, PromptTokens = r.Prompts, OutputTokens = r.Outputs, Requests = prompts }, seed, options);
        }

        return result;
    }

    // The offline LLM class's defaults: 16,384 tokens and 1,024 sequences on GPUs with 70 GiB or more (A100 excepted),
    // 8,192 and 256 elsewhere.
    private static ServingLimits OfflineLimits(GpuSpec gpu, KvCacheFormat kvCache)
        => gpu.MemoryGiB >= 70 && !gpu.Type.Value.StartsWith("A100", StringComparison.Ordinal)
            ? new ServingLimits { MaxNumBatchedTokens = 16_384, MaxNumSeqs = 1024, KvCacheDtype = kvCache }
            : new ServingLimits { MaxNumBatchedTokens = 8192, MaxNumSeqs = 256, KvCacheDtype = kvCache };

    // vLLM's scheduler defaults for the API server: before 0.7 no chunked prefill (the whole prompt in one step);
    // from 0.9, GPUs with 70 GiB or more other than A100 get 8192 tokens and 1024 sequences, the rest 2048 and 256.
    private static ServingLimits Limits(string? version, GpuSpec gpu, KvCacheFormat kvCache)
    {
        var v = ParseVersion(version);
        var big = gpu.MemoryGiB >= 70 && !gpu.Type.Value.StartsWith("A100", StringComparison.Ordinal);
        return v < new Version(0, 7)
            ? new ServingLimits { MaxNumBatchedTokens = 32_768, MaxNumSeqs = 256, KvCacheDtype = kvCache }
            : v < new Version(0, 9) || !big
                ? new ServingLimits { MaxNumBatchedTokens = 2048, MaxNumSeqs = 256, KvCacheDtype = kvCache }
                : new ServingLimits { MaxNumBatchedTokens = 8192, MaxNumSeqs = 1024, KvCacheDtype = kvCache };
    }

    private static Version ParseVersion(string? text)
    {
        var digits = new string((text ?? string.Empty).TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        return Version.TryParse(digits.Contains('.', StringComparison.Ordinal) ? digits : digits + ".0", out var v) ? v : new Version(0, 10);
    }

    private static ModelSpec? Model(string name, KnowledgeCatalog catalog)
    {
        var n = name.Replace("-Instruct", string.Empty, StringComparison.OrdinalIgnoreCase);
        var key = n switch
        {
            "Llama-3-70B" or "Llama-3.1-70B" => "llama-3.1-70b",
            "Llama-3.1-8B" => "llama-3.1-8b",
            "Qwen2.5-7B" => "qwen2.5-7b",
            "Qwen2.5-72B" => "qwen2.5-72b",
            "Mixtral-8x7B-v0.1" or "Mixtral-8x7B" => "mixtral-8x7b",
            "Mistral-7B-v0.3" => "mistral-7b",
            "gpt-oss-120b" => "gpt-oss-120b",
            "gpt-oss-20b" => "gpt-oss-20b",
            _ => null,
        };
        if (key is not null)
        {
            return catalog.ResolveModel(key).Spec;
        }

        var file = n.StartsWith("Qwen3-235B-A22B", StringComparison.Ordinal) ? "Qwen3-235B-A22B" : n;
        return Extra.Value.GetValueOrDefault(file);
    }

    private static GpuSpec? Gpu(string name, KnowledgeCatalog catalog)
    {
        var type = name switch
        {
            "H100" or "H100-SXM-80GB" or "H100-80GB" => "H100",
            "H200" => "H200",
            "A100" or "A100-80GB" or "A100-80GB-SXM" or "A100-80GB-PCIe" => "A100-80",
            "MI300X" => "MI300X",
            _ => null,
        };
        return type is null ? null : catalog.GetGpu(GpuType.Parse(type));
    }

    private static Quantization? Format(string text)
    {
        var t = text.ToUpperInvariant();
        return t.Contains("MXFP4", StringComparison.Ordinal) ? Quantization.MxFp4
            : t.Contains("BITSANDBYTES", StringComparison.Ordinal) ? null
            : t.Contains("FP8", StringComparison.Ordinal) ? Quantization.Fp8
            : t.Contains("AWQ", StringComparison.Ordinal) || t.Contains("INT4", StringComparison.Ordinal) || t.Contains("W4A16", StringComparison.Ordinal) ? Quantization.W4A16
            : t.Contains("INT8", StringComparison.Ordinal) ? Quantization.W8A8
            : Quantization.Bf16;
    }

    private static ModelSpec WithFormat(ModelSpec model, Quantization format)
    {
        if (model.FindFormat(format) is not null)
        {
            return model;
        }

        var bytes = format == Quantization.W4A16 || format == Quantization.MxFp4 ? 0.5625 : format == Quantization.Bf16 ? 2.0 : 1.0;
        return model with { Quantizations = [.. model.Quantizations, new QuantizationOption { Quantization = format, BytesPerWeight = bytes, Repository = model.Id }] };
    }

    public static string Describe(ResolvedRun r)
        => string.Create(CultureInfo.InvariantCulture, $"{r.Run.Model} {r.Format} {r.Run.TensorParallel}×{r.Gpu.Type}");
}
