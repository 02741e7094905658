using Compass.Core;
using Compass.Planning.Calibration;

namespace Compass.Planning.Tests.Calibration;

/// <summary>
/// The baseline the calibrated model must beat: a two-parameter roofline over the whole step, max(FLOPs ÷ (62% of
/// dense BF16 peak), bytes ÷ (74% of HBM peak)) + 0.15 ms, with FLOPs of the linear layers, the LM head and
/// attention, and bytes of all weights and the KV cache read and written.
/// </summary>
internal static class NaiveRoofline
{
    public static double Predict(StepSample s, GpuSpec gpu)
    {
        var a = s.Model.Architecture;
        var embedding = (double)a.VocabSize * a.HiddenSize;
        var linear = a.ActiveParameters - embedding - (a.TiedEmbeddings ? 0 : embedding);
        var b = s.Batch;
        var tokens = (double)b.TotalTokens;
        var flops = (2 * linear * tokens) + (2 * embedding * b.Sequences)
            + (4.0 * a.AttentionHeads * a.HeadDim * a.Layers * (b.PrefillAttentionPairs + b.DecodeContextTokens));
        var bytes = (2 * (linear + embedding)) + (a.KvBytesPerToken(2) * (b.PrefillContextTokens + b.DecodeContextTokens + tokens));
        return (Math.Max(flops / (0.62 * gpu.Bf16Tflops * 1e12), bytes / (0.74 * gpu.MemoryBandwidthGBps * 1e9)) * 1000) + 0.15;
    }
}
