using Compass.Core;

namespace Compass.Planning.Memory;

/// <summary>vLLM engine settings that bound memory use. Defaults follow vLLM's (V1 engine) defaults.</summary>
public sealed record ServingLimits
{
    /// <summary>Gets the fraction of GPU memory vLLM may use (<c>--gpu-memory-utilization</c>).</summary>
    public double GpuMemoryUtilization { get; init; } = 0.9;

    /// <summary>Gets the most tokens one engine step processes (<c>--max-num-batched-tokens</c>), which sets the activation peak.</summary>
    public int MaxNumBatchedTokens { get; init; } = 8192;

    /// <summary>Gets the most sequences running at once (<c>--max-num-seqs</c>).</summary>
    public int MaxNumSeqs { get; init; } = 256;

    /// <summary>Gets the KV-cache format (<c>--kv-cache-dtype</c>), which sets the bytes of one cached key or value element.</summary>
    public KvCacheFormat KvCacheDtype { get; init; }

    /// <summary>Gets the KV-cache block size in tokens (<c>--block-size</c>).</summary>
    public int BlockSize { get; init; } = 16;
}
