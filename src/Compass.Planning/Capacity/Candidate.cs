using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Capacity;

/// <summary>One configuration the planner considers: a model in a format, on a GPU type, at a tensor-parallel degree.</summary>
/// <param name="Model">The model.</param>
/// <param name="Format">The weight format and checkpoint.</param>
/// <param name="Gpu">The GPU.</param>
/// <param name="TensorParallel">GPUs per replica.</param>
public sealed record Candidate(ModelSpec Model, QuantizationOption Format, GpuSpec Gpu, int TensorParallel)
{
    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Model.Id} ({Format.Quantization}) on {TensorParallel}×{Gpu.Type}");
}
