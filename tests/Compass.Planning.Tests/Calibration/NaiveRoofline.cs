using Compass.Core;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;

namespace Compass.Planning.Tests.Calibration;

/// <summary>
/// The baseline the calibrated model must beat: a two-parameter roofline over the whole step, max(FLOPs ÷ (62% of
/// dense BF16 peak), bytes ÷ (74% of HBM peak)) + 0.15 ms, with FLOPs of the linear layers, the LM head and
/// attention, and bytes of all weights (at the format's bytes per weight) and the KV cache read and written. In a
/// serving simulation it gets the same engine overhead as the calibrated model.
/// </summary>
internal sealed class NaiveRoofline(ModelSpec model, Quantization format, GpuSpec gpu, int tensorParallel, EngineCoefficients overhead, double kvBytes = 2) : IStepTimeModel
{
    public static double Predict(StepSample s, GpuSpec gpu) => new NaiveRoofline(s.Model, s.Quantization, gpu, s.TensorParallel, EngineCoefficients.Uncalibrated(gpu.Type)).GpuMs(s.Batch);

    public StepTiming Predict(in StepBatch batch)
    {
        var gpuMs = GpuMs(batch);
        return new StepTiming(0, gpuMs, 0, overhead.StepOverheadMs + (overhead.SequenceOverheadUs * batch.Sequences / 1000), gpuMs);
    }

    private double GpuMs(in StepBatch b)
    {
        if (b.IsEmpty)
        {
            return 0;
        }

        var a = model.Architecture;
        var embedding = (double)a.VocabSize * a.HiddenSize;
        var linear = a.ActiveParameters - embedding - (a.TiedEmbeddings ? 0 : embedding);
        var tokens = (double)b.TotalTokens;
        var flops = ((2 * linear * tokens) + (2 * embedding * b.Sequences)
            + (4.0 * a.AttentionHeads * a.HeadDim * a.Layers * (b.PrefillAttentionPairs + b.DecodeContextTokens))) / tensorParallel;
        var bytesPerWeight = model.FindFormat(format)?.BytesPerWeight ?? 2;
        var read = a.Parameters - (a.TiedEmbeddings ? 0 : embedding); // the input embedding is a lookup, not a read
        var bytes = (((bytesPerWeight * read) + (a.KvBytesPerToken(kvBytes) * (b.PrefillContextTokens + b.DecodeContextTokens + tokens))) / tensorParallel);
        return (Math.Max(flops / (0.62 * gpu.PeakFlops(format)), bytes / (0.74 * gpu.MemoryBandwidthGBps * 1e9)) * 1000) + 0.15;
    }
}
