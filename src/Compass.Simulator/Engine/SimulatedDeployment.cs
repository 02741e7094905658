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

    public static SimulatedDeployment Resolve(CompassSimulatorOptions options, KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var useCase = catalog.UseCases.FirstOrDefault(u => string.Equals(u.Id.Value, options.UseCase, StringComparison.OrdinalIgnoreCase));
        if (options.Profile is { } given)
        {
            var limit = options.MaxModelLen ?? (int)Math.Min(int.MaxValue, given.KvCacheTokens);
            return new SimulatedDeployment { Profile = given, MaxModelLen = limit, ModelName = options.EffectiveModelName, CannedOutputTokens = useCase?.Workload.OutputTokens };
        }

        var model = catalog.FindModel(options.Model)
            ?? throw new InvalidOperationException($"The model '{options.Model}' is not in the knowledge base; use one of its ids or aliases, or set a Profile.");
        var gpuType = GpuType.Parse(options.Gpu);
        var gpu = catalog.GetGpu(gpuType)
            ?? throw new InvalidOperationException($"The GPU '{options.Gpu}' is not in the knowledge base.");
        var quantization = options.Quantization is { Length: > 0 } q ? Quantization.Parse(q) : model.Format?.Quantization ?? model.Spec.NativeFormat.Quantization;
        var limits = new ServingLimits
        {
            MaxNumSeqs = options.MaxNumSeqs,
            MaxNumBatchedTokens = options.MaxNumBatchedTokens,
            GpuMemoryUtilization = options.GpuMemoryUtilization,
            KvCacheBytesPerElement = options.KvCacheDtype.StartsWith("fp8", StringComparison.OrdinalIgnoreCase) ? 1 : 2,
        };
        var profile = EngineProfiles.Create(catalog, model.Spec, quantization, gpu, options.TensorParallel, limits);
        var maxLen = options.MaxModelLen ?? (int)Math.Min(model.Spec.Architecture.MaxContext, profile.KvCacheTokens);
        if (maxLen > profile.KvCacheTokens)
        {
            throw new InvalidOperationException(
                $"--max-model-len {maxLen} does not fit the KV cache of {profile.KvCacheTokens} tokens; vLLM would refuse to start. Lower it or add GPUs.");
        }

        return new SimulatedDeployment { Profile = profile, MaxModelLen = maxLen, ModelName = options.EffectiveModelName, CannedOutputTokens = useCase?.Workload.OutputTokens };
    }
}
