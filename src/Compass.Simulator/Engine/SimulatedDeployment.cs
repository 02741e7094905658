using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;

namespace Compass.Simulator.Engine;

/// <summary>What the simulator imitates, resolved once at start-up: the engine profile, the context limit and the served name.</summary>
internal sealed record SimulatedDeployment
{
    public required EngineProfile Profile { get; init; }

    public required int MaxModelLen { get; init; }

    public required string ModelName { get; init; }

    public TokenDistribution? CannedOutputTokens { get; init; }

    /// <summary>Resolves the options against the catalog.</summary>
    /// <exception cref="DeploymentException">The deployment cannot be simulated (unknown name, does not fit, context too long).</exception>
    public static SimulatedDeployment Resolve(CompassSimulatorOptions options, KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var useCase = Lookup(() => catalog.ResolveUseCase(options.UseCase), nameof(options.UseCase));
        if (options.Profile is { } given)
        {
            var limit = options.MaxModelLen ?? (int)Math.Min(int.MaxValue, given.KvCacheTokens);
            return new SimulatedDeployment { Profile = given, MaxModelLen = limit, ModelName = options.EffectiveModelName, CannedOutputTokens = useCase.Workload.OutputTokens };
        }

        var model = Lookup(() => catalog.ResolveModel(options.Model), nameof(options.Model));
        var gpu = ResolveGpu(catalog, options.Gpu);
        var quantization = options.Quantization is { Length: > 0 } q
            ? Lookup(() => Quantization.Parse(q), nameof(options.Quantization))
            : model.Format?.Quantization ?? model.Spec.NativeFormat.Quantization;
        var spec = model.Spec;
        if (spec.FindFormat(quantization) is null)
        {
            throw new DeploymentException(name =>
                $"{name(nameof(options.Quantization))}: {spec.Id} is not available as {quantization}; use one of {string.Join(", ", spec.Quantizations.Select(f => f.Quantization))}.");
        }

        if (options.TensorParallel > gpu.MaxGpusPerNode)
        {
            throw new DeploymentException(name => Invariant(
                $"{name(nameof(options.TensorParallel))} {options.TensorParallel} is more than the {gpu.MaxGpusPerNode} GPUs of one {gpu.Type} node; use at most {gpu.MaxGpusPerNode}."));
        }

        var limits = new ServingLimits
        {
            MaxNumSeqs = options.MaxNumSeqs,
            MaxNumBatchedTokens = options.MaxNumBatchedTokens,
            GpuMemoryUtilization = options.GpuMemoryUtilization,
            KvCacheDtype = options.KvCacheDtype,
        };
        CheckFits(spec, quantization, gpu, options.TensorParallel, limits);
        EngineProfile profile;
        try
        {
            profile = EngineProfiles.Create(catalog, spec, quantization, gpu, options.TensorParallel, limits);
        }
        catch (ArgumentException e)
        {
            throw new DeploymentException(_ => e.Message);
        }

        var context = spec.Architecture.MaxContext;
        if (options.MaxModelLen > context)
        {
            throw new DeploymentException(name => Invariant(
                $"{name(nameof(options.MaxModelLen))} {options.MaxModelLen} is above the context of {spec.Id} ({context} tokens); use at most {context}, or leave it unset."));
        }

        var maxLen = options.MaxModelLen ?? (int)Math.Min(context, profile.KvCacheTokens);
        if (maxLen > profile.KvCacheTokens)
        {
            throw new DeploymentException(name => Invariant(
                $"{name(nameof(options.MaxModelLen))} {maxLen} needs more KV cache than the {profile.KvCacheTokens} tokens that fit on {options.TensorParallel}x{gpu.Type} (vLLM would refuse to start); use at most {profile.KvCacheTokens}, or add GPUs ({name(nameof(options.TensorParallel))}), use {name(nameof(options.KvCacheDtype))} fp8 or raise {name(nameof(options.GpuMemoryUtilization))}."));
        }

        return new SimulatedDeployment { Profile = profile, MaxModelLen = maxLen, ModelName = options.EffectiveModelName, CannedOutputTokens = useCase.Workload.OutputTokens };
    }

    private static GpuSpec ResolveGpu(KnowledgeCatalog catalog, string name)
    {
        if (catalog.GetGpu(Lookup(() => GpuType.Parse(name), nameof(CompassSimulatorOptions.Gpu))) is { } exact)
        {
            return exact;
        }

        var found = Lookup(() => catalog.ResolveGpus(name), nameof(CompassSimulatorOptions.Gpu));
        return found.Length == 1
            ? found[0]
            : throw new DeploymentException(setting =>
                $"{setting(nameof(CompassSimulatorOptions.Gpu))} '{Quoted.Shown(name)}' names several GPUs; use one of {string.Join(", ", found.Select(g => g.Type))}.");
    }

    // Says how much memory is missing and the smallest change that makes the model fit: more GPUs or a smaller format.
    private static void CheckFits(ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, ServingLimits limits)
    {
        var memory = MemoryModel.Compute(model, quantization, gpu, tensorParallel, 1, limits);
        if (Fits(memory, limits))
        {
            return;
        }

        var needed = memory.WeightsGiB + memory.ActivationsGiB + memory.OverheadGiB;
        var suggestions = new List<Func<Func<string, string>, string>>();
        for (var tp = tensorParallel * 2; tp <= gpu.MaxGpusPerNode; tp *= 2)
        {
            if (Fits(MemoryModel.Compute(model, quantization, gpu, tp, 1, limits), limits))
            {
                suggestions.Add(name => Invariant($"{name(nameof(CompassSimulatorOptions.TensorParallel))} {tp}"));
                break;
            }
        }

        var smaller = model.Quantizations
            .Where(f => f.BytesPerWeight < model.FindFormat(quantization)!.BytesPerWeight)
            .OrderByDescending(f => f.BytesPerWeight)
            .FirstOrDefault(f => Fits(MemoryModel.Compute(model, f.Quantization, gpu, tensorParallel, 1, limits), limits));
        if (smaller is not null)
        {
            suggestions.Add(name => $"{name(nameof(CompassSimulatorOptions.Quantization))} {smaller.Quantization}");
        }

        throw new DeploymentException(name => Invariant(
            $"{model.Id} ({quantization}) does not fit on {tensorParallel}x{gpu.Type}: it needs {needed:0.#} GiB per GPU ({memory.WeightsGiB:0.#} GiB of weights) plus room for the KV cache, and {memory.UsableGiB:0.#} GiB is usable ({gpu.MemoryGiB:0.#} GiB x {name(nameof(CompassSimulatorOptions.GpuMemoryUtilization))} {limits.GpuMemoryUtilization}); {(suggestions.Count == 0 ? "use a GPU with more memory" : "try " + string.Join(" or ", suggestions.Select(s => s(name))))}."));
    }

    private static bool Fits(MemoryBreakdown memory, ServingLimits limits) => memory.KvCacheTokens >= limits.BlockSize;

    private static T Lookup<T>(Func<T> find, string property)
    {
        try
        {
            return find();
        }
        catch (Exception e) when (e is UnknownNameException or FormatException or ArgumentException)
        {
            throw new DeploymentException(name => $"{name(property)}: {e.Message}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
