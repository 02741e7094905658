using Compass.Core;
using Compass.Planning.Engine;

namespace Compass.Planning.Calibration;

/// <summary>
/// The ideal (100%-efficiency) compute and memory time of one kernel sample, with the same FLOP and byte counts the
/// <see cref="RooflineStepTimeModel"/> uses, so that efficiencies fitted here mean the same thing there.
/// </summary>
internal static class KernelRoofline
{
    public static (double ComputeUs, double MemoryUs, double CommBytes) Ideal(KernelSample sample, GpuSpec gpu)
    {
        var a = sample.Model.Architecture;
        var tp = (double)sample.TensorParallel;
        var shape = ModelShape.Of(a);
        var bytesPerWeight = sample.Model.FindFormat(sample.Quantization)?.BytesPerWeight ?? 2;
        var peak = gpu.PeakFlops(sample.Quantization) / 1e6;
        var bf16 = gpu.Bf16Tflops * 1e6;
        var bandwidth = gpu.MemoryBandwidthGBps * 1e3;
        var kvHeads = Math.Max(1.0, Math.Ceiling((double)a.KvHeads / sample.TensorParallel));
        var kvBytesPerTokenPerLayer = 2.0 * kvHeads * a.HeadDim * 2;
        var heads = a.AttentionHeads / tp;
        double n = sample.Tokens;
        double c = sample.Context;
        switch (sample.Operation)
        {
            case KernelOperation.Gemm:
                var perLayer = shape.DenseLinearParameters / a.Layers / tp;
                return (2 * perLayer * n / peak, ((perLayer * bytesPerWeight) + (n * 2 * ((4.0 * a.HiddenSize) + (2.0 * a.IntermediateSize / tp)))) / bandwidth, 0);
            case KernelOperation.Logits:
                return (2 * shape.LmHeadParameters / tp * n / peak, shape.LmHeadParameters / tp * bytesPerWeight / bandwidth, 0);
            case KernelOperation.PrefillAttention:
                var pairs = n * c * (c + 1) / 2;
                return (4 * heads * a.HeadDim * pairs / bf16, n * c * kvBytesPerTokenPerLayer / bandwidth, 0);
            case KernelOperation.DecodeAttention:
                return (4 * heads * a.HeadDim * n * c / bf16, n * (c + 1) * kvBytesPerTokenPerLayer / bandwidth, 0);
            case KernelOperation.AllReduce:
                return (0, 0, 2.0 * (tp - 1) / tp * n * a.HiddenSize * 2);
            default:
                throw new ArgumentOutOfRangeException(nameof(sample), sample.Operation, "Unknown kernel operation.");
        }
    }
}
