using Compass.Core;

namespace Compass;

/// <summary>
/// A serving configuration as a dictionary key: model, weight format, GPU, tensor parallelism and KV-cache format,
/// compared as each of them compares.
/// </summary>
/// <remarks>
/// A class rather than a value tuple on purpose: a dictionary keyed by a reference type runs the framework's shared
/// code, which its ReadyToRun image already holds, while one keyed by a tuple of Compass's value types is a new
/// instantiation that every process JIT-compiles before its first lookup (docs/performance.md, "Process start-up").
/// </remarks>
internal sealed class ConfigurationKey : IEquatable<ConfigurationKey>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format.</param>
    /// <param name="gpu">The GPU type.</param>
    /// <param name="tensorParallel">The tensor-parallel degree (0 when the key leaves it out).</param>
    /// <param name="kvCache">The KV-cache format.</param>
    public ConfigurationKey(ModelId model, Quantization quantization, GpuType gpu, int tensorParallel = 0, KvCacheFormat kvCache = default)
        => (Model, Quantization, Gpu, TensorParallel, KvCache) = (model, quantization, gpu, tensorParallel, kvCache);

    /// <summary>Gets the model.</summary>
    public ModelId Model { get; }

    /// <summary>Gets the weight format.</summary>
    public Quantization Quantization { get; }

    /// <summary>Gets the GPU type.</summary>
    public GpuType Gpu { get; }

    /// <summary>Gets the tensor-parallel degree.</summary>
    public int TensorParallel { get; }

    /// <summary>Gets the KV-cache format.</summary>
    public KvCacheFormat KvCache { get; }

    /// <inheritdoc />
    public bool Equals(ConfigurationKey? other)
        => other is not null && Model == other.Model && Quantization == other.Quantization && Gpu == other.Gpu
            && TensorParallel == other.TensorParallel && KvCache == other.KvCache;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConfigurationKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            var hash = Model.GetHashCode();
            hash = (hash * 31) + Quantization.GetHashCode();
            hash = (hash * 31) + Gpu.GetHashCode();
            hash = (hash * 31) + TensorParallel;
            return (hash * 31) + KvCache.GetHashCode();
        }
    }
}
