using Compass.Core;

namespace Compass.Planning.Memory;

/// <summary>
/// Where a GPU's memory goes when vLLM serves a model, and how many tokens of KV cache are left:
/// <code>
/// usable      = GPU memory × gpu-memory-utilization
/// weights     = parameters × bytes per weight ÷ TP
/// activations = max-num-batched-tokens × (2 × intermediate ÷ TP + 4 × hidden) × 2 B  +  max-num-seqs × vocabulary × 4 B (logits)
/// overhead    = 1.5 GiB CUDA context, graphs and allocator slack (+ 0.5 GiB NCCL buffers when TP &gt; 1)
/// KV cache    = usable − weights − activations − overhead
/// KV/token    = 2 (K and V) × layers × max(1, KV heads ÷ TP) × head dim × KV bytes   (per GPU; heads are sharded)
/// </code>
/// The activation term is vLLM's profiling peak: the gated MLP's widest tensor for the largest step plus the FP32
/// logits of the sampler.
/// </summary>
public static class MemoryModel
{
    private const double GiB = 1024.0 * 1024 * 1024;
    private const double OverheadBytes = 1.5 * GiB;
    private const double TensorParallelOverheadBytes = 0.5 * GiB;

    /// <summary>Computes the memory breakdown of one GPU of a replica.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <param name="sequenceTokens">The length of a long sequence of the profile (p95 prompt + p95 output), for the batch bound.</param>
    /// <param name="limits">Engine settings; vLLM's defaults when null.</param>
    /// <returns>The breakdown.</returns>
    /// <exception cref="ArgumentException">The model is not available in the format.</exception>
    public static MemoryBreakdown Compute(
        ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, int sequenceTokens, ServingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tensorParallel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceTokens);
        limits ??= new ServingLimits();
        var a = model.Architecture;

        var usable = gpu.MemoryBytes * limits.GpuMemoryUtilization;
        var weights = model.WeightBytes(quantization) / tensorParallel;
        var widestIntermediate = Math.Max(a.IntermediateSize, (a.ExpertIntermediateSize ?? a.IntermediateSize) * Math.Max(1, a.ActiveExperts));
        var activations = (limits.MaxNumBatchedTokens * ((2.0 * widestIntermediate / tensorParallel) + (4.0 * a.HiddenSize)) * 2)
            + (limits.MaxNumSeqs * (double)a.VocabSize * 4);
        var overhead = OverheadBytes + (tensorParallel > 1 ? TensorParallelOverheadBytes : 0);
        var kv = usable - weights - activations - overhead;

        var kvHeadsPerGpu = Math.Max(1, (int)Math.Ceiling((double)a.KvHeads / tensorParallel));
        var kvBytesPerTokenPerGpu = 2.0 * a.Layers * kvHeadsPerGpu * a.HeadDim * limits.KvCacheDtype.BytesPerElement;
        long tokens = 0;
        if (kv > 0)
        {
            var blocks = (long)Math.Floor(kv / (kvBytesPerTokenPerGpu * limits.BlockSize));
            tokens = blocks * limits.BlockSize;
        }

        var maxBatch = (int)Math.Min(limits.MaxNumSeqs, tokens / sequenceTokens);
        return new MemoryBreakdown
        {
            UsableGiB = usable / GiB,
            WeightsGiB = weights / GiB,
            ActivationsGiB = activations / GiB,
            OverheadGiB = overhead / GiB,
            KvCacheGiB = kv / GiB,
            KvBytesPerToken = kvBytesPerTokenPerGpu * tensorParallel,
            KvCacheTokens = tokens,
            MaxBatch = maxBatch,
        };
    }
}
