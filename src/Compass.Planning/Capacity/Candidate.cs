using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>One configuration the planner considers: a model in a format, on a GPU type, at a tensor-parallel degree.</summary>
/// <param name="Model">The model.</param>
/// <param name="Format">The weight format and checkpoint.</param>
/// <param name="Gpu">The GPU.</param>
/// <param name="TensorParallel">GPUs per replica.</param>
/// <param name="Fp8KvCache">Whether the KV cache is stored in FP8 (half the bytes of BF16).</param>
public sealed record Candidate(ModelSpec Model, QuantizationOption Format, GpuSpec Gpu, int TensorParallel, bool Fp8KvCache = false)
{
    /// <summary>Gets the bytes per cached K or V element.</summary>
    public double KvCacheBytesPerElement => Fp8KvCache ? 1 : 2;

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Model.Id} ({Format.Quantization}{(Fp8KvCache ? ", FP8 KV cache" : string.Empty)}) on {TensorParallel}×{Gpu.Type}");
}
