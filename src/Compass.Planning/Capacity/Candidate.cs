using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>One configuration the planner considers: a model in a format, on a GPU type, at a tensor-parallel degree.</summary>
/// <param name="Model">The model.</param>
/// <param name="Format">The weight format and checkpoint.</param>
/// <param name="Gpu">The GPU.</param>
/// <param name="TensorParallel">GPUs per replica.</param>
/// <param name="KvCacheDtype">The KV-cache format: <see cref="KvCacheFormat.Auto"/> (the model's 16-bit dtype) or <see cref="KvCacheFormat.Fp8"/>.</param>
internal sealed record Candidate(ModelSpec Model, QuantizationOption Format, GpuSpec Gpu, int TensorParallel, KvCacheFormat KvCacheDtype = default)
{
    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Model.Id} ({Format.Quantization}{(KvCacheDtype.IsFp8 ? ", FP8 KV cache" : string.Empty)}) on {TensorParallel}×{Gpu.Type}");
}
