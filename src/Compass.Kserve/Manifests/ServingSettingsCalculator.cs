using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;

namespace Compass.Kserve.Manifests;

/// <summary>Derives the engine, replica, autoscaling and probe settings from a plan and one recommendation.</summary>
internal static class ServingSettingsCalculator
{
    /// <summary>Margin on the p99 prompt + p99 output length for <c>--max-model-len</c>.</summary>
    public const double ContextMargin = 1.25;

    /// <summary>Seconds vLLM needs besides reading weights (CUDA init, graph capture, compilation), conservatively.</summary>
    public const int EngineStartSeconds = 180;

    private static readonly ImmutableHashSet<ExperienceClass> ColdStartClasses = [ExperienceClass.Batch, ExperienceClass.Deferred];

    public static ServingSettings Compute(
        Plan plan, Recommendation recommendation, GpuSpec gpu, ModelSpec? model, UseCaseTemplate? template,
        ManifestOptions options, string name, ICollection<string> notes)
    {
        var traffic = plan.Traffic;
        var tp = recommendation.TensorParallel;
        var needed = checked(traffic.PromptTokens.P99 + traffic.OutputTokens.P99);
        var maxModelLen = RoundUp((int)Math.Ceiling(needed * ContextMargin), 256);
        if (model is { } spec && maxModelLen > spec.Architecture.MaxContext)
        {
            maxModelLen = spec.Architecture.MaxContext;
        }
        else if (model is null)
        {
            notes.Add($"{recommendation.Model} is not in the catalog, so vLLM's --max-model-len ({maxModelLen}) in the manifest is not capped by its context length; check it against the model's max_position_embeddings.");
        }

        if (recommendation.Memory.KvCacheTokens > 0 && maxModelLen > recommendation.Memory.KvCacheTokens)
        {
            maxModelLen = (int)Math.Min(int.MaxValue, recommendation.Memory.KvCacheTokens);
        }

        if (maxModelLen < needed)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"vLLM's --max-model-len {maxModelLen} in the manifest is below the profile's p99 prompt + output ({needed} tokens); the longest requests will be rejected."));
        }

        var predicted = recommendation.Predicted;
        var inFlight = predicted.RequestRate * predicted.E2eMs / 1000;
        var seqCap = Math.Max(8, Math.Min(1024, recommendation.Memory.MaxBatch));
        var maxNumSeqs = Math.Clamp(RoundUp((int)Math.Ceiling(inFlight * 1.5), 8), 8, seqCap);
        var batchedTokens = Math.Max(maxNumSeqs, BatchedTokens(plan.ExperienceClass));
        var utilization = Math.Clamp(Math.Floor(recommendation.Memory.UsableGiB / gpu.MemoryGiB * 100) / 100, 0.5, 0.95);
        var prefixCaching = template?.BenefitsFromPrefixCaching ?? false;
        if (template is null)
        {
            notes.Add($"The use case {plan.UseCase} is not in the catalog; prefix caching is left at vLLM's default.");
        }

        var scaleToZero = template?.ToleratesColdStart ?? ColdStartClasses.Contains(plan.ExperienceClass);
        var quantization = recommendation.Quantization == Core.Quantization.Fp8 && recommendation.Checkpoint == recommendation.Model ? "fp8" : null;
        KvCacheFormat? kvCacheDtype = recommendation.KvCacheDtype == KvCacheFormat.Auto ? null : recommendation.KvCacheDtype;

        var minReplicas = recommendation.Replicas;
        var maxReplicas = Math.Max(minReplicas + 1, (int)Math.Ceiling(minReplicas * (1 + options.BurstHeadroom)));
        var weightsGiB = Math.Max(0, recommendation.Memory.WeightsGiB) * tp;
        var loadSeconds = weightsGiB * 1073.741824 / options.LoadBandwidthMBps;
        var startup = options.Simulator ? 60 : RoundUp((int)Math.Ceiling(EngineStartSeconds + loadSeconds), 30);
        var waitingSlackMs = Math.Max(0, plan.Slo.TtftMs - predicted.TtftMs);
        var settings = new ServingSettings
        {
            Name = name,
            Namespace = options.Namespace,
            ServedModelName = recommendation.Model.Value,
            Checkpoint = recommendation.Checkpoint.Value,
            TensorParallel = tp,
            MaxModelLen = maxModelLen,
            MaxNumSeqs = maxNumSeqs,
            MaxNumBatchedTokens = batchedTokens,
            GpuMemoryUtilization = utilization,
            PrefixCaching = prefixCaching,
            Quantization = quantization,
            KvCacheDtype = kvCacheDtype,
            MinReplicas = minReplicas,
            MaxReplicas = maxReplicas,
            ScaleToZero = scaleToZero,
            RunningTarget = Math.Max(1, (int)Math.Ceiling(inFlight)),
            WaitingTarget = Math.Max(1, (int)Math.Floor(predicted.RequestRate * waitingSlackMs / 1000)),
            StartupSeconds = startup,
            WeightsGiB = Math.Round(weightsGiB, 2),
            Simulator = options.Simulator,
            Arguments = [],
        };
        return settings with { Arguments = options.Simulator ? SimulatorArguments(settings, recommendation) : VllmArguments(settings, KserveManifestConstants.ModelMountPath, KserveManifestConstants.ContainerPort) };
    }

    private static int BatchedTokens(ExperienceClass experience)
    {
        if (experience == ExperienceClass.Instant || experience == ExperienceClass.Conversational)
        {
            return 2048;
        }

        return experience == ExperienceClass.Interactive ? 4096 : 8192;
    }

    /// <summary>
    /// vLLM's arguments for the settings: the one list both targets run (the KServe pod reads the weights KServe put in
    /// <paramref name="model"/>; a VM names the Hugging Face repository), so the engine settings cannot drift apart.
    /// </summary>
    /// <param name="s">The settings.</param>
    /// <param name="model">Where vLLM reads the model: a folder, or a Hugging Face repository id.</param>
    /// <param name="port">The port vLLM listens on.</param>
    /// <returns>The arguments, in order.</returns>
    public static ImmutableArray<string> VllmArguments(ServingSettings s, string model, int port)
    {
        var args = ImmutableArray.CreateBuilder<string>();
        args.Add($"--model={model}");
        args.Add($"--served-model-name={s.ServedModelName}");
        args.Add(Invariant($"--port={port}"));
        args.Add(Invariant($"--tensor-parallel-size={s.TensorParallel}"));
        args.Add(Invariant($"--max-model-len={s.MaxModelLen}"));
        args.Add(Invariant($"--max-num-seqs={s.MaxNumSeqs}"));
        args.Add(Invariant($"--max-num-batched-tokens={s.MaxNumBatchedTokens}"));
        args.Add(Invariant($"--gpu-memory-utilization={s.GpuMemoryUtilization:0.00}"));
        if (s.PrefixCaching)
        {
            args.Add("--enable-prefix-caching");
        }

        if (s.Quantization is { } q)
        {
            args.Add($"--quantization={q}");
        }

        if (s.KvCacheDtype is { } kv)
        {
            args.Add($"--kv-cache-dtype={kv}");
        }

        return args.ToImmutable();
    }

    private static ImmutableArray<string> SimulatorArguments(ServingSettings s, Recommendation recommendation) =>
    [
        $"--model={s.ServedModelName}",
        $"--gpu={recommendation.Gpu.Value}",
        Invariant($"--tensor-parallel-size={s.TensorParallel}"),
        $"--quantization={recommendation.Quantization.Value}",
        $"--kv-cache-dtype={recommendation.KvCacheDtype}",
        Invariant($"--max-model-len={s.MaxModelLen}"),
        Invariant($"--max-num-seqs={s.MaxNumSeqs}"),
        Invariant($"--max-num-batched-tokens={s.MaxNumBatchedTokens}"),
        Invariant($"--port={KserveManifestConstants.ContainerPort}"),

        // The simulator binds 127.0.0.1 unless told otherwise; in a pod it must listen on the pod's address.
        "--host=0.0.0.0",
    ];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int RoundUp(int value, int step) => checked((value + step - 1) / step * step);
}
