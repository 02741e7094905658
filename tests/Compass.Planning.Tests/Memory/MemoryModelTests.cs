using Compass.Core;
using Compass.Planning.Memory;

namespace Compass.Planning.Tests.Memory;

public sealed class MemoryModelTests
{
    [Fact]
    public void Compute_Llama8BOnH100_LeavesRoomForManySequences()
    {
        var memory = MemoryModel.Compute(TestCatalog.ModelSpec("llama-3.1-8b"), Quantization.Bf16, TestCatalog.Gpu("H100"), 1, 1024);

        // 8.03B × 2 B = 14.96 GiB of weights; 79.65 GiB × 0.9 = 71.68 GiB usable; 128 KiB of KV per token
        // (32 layers × 8 heads × 128 × 2 × 2 B). vLLM reports about 450k tokens for this setup.
        Assert.Equal(14.96, memory.WeightsGiB, 2);
        Assert.Equal(71.68, memory.UsableGiB, 2);
        Assert.Equal(131_072, memory.KvBytesPerToken);
        Assert.InRange(memory.KvCacheTokens, 420_000, 470_000);
        Assert.True(memory.Fits);
        Assert.Equal(256, memory.MaxBatch);
    }

    [Fact]
    public void Compute_70BOnOneL4_DoesNotFit()
    {
        var memory = MemoryModel.Compute(TestCatalog.ModelSpec("llama-3.3-70b"), Quantization.Bf16, TestCatalog.Gpu("L4"), 1, 1024);
        Assert.False(memory.Fits);
        Assert.True(memory.KvCacheGiB < 0);
    }

    [Fact]
    public void Compute_TensorParallel_SplitsWeightsAndKvHeads()
    {
        var model = TestCatalog.ModelSpec("llama-3.3-70b");
        var one = MemoryModel.Compute(model, Quantization.Fp8, TestCatalog.Gpu("H100"), 1, 1024);
        var four = MemoryModel.Compute(model, Quantization.Fp8, TestCatalog.Gpu("H100"), 4, 1024);
        Assert.Equal(one.WeightsGiB / 4, four.WeightsGiB, 6);
        Assert.Equal(one.KvBytesPerToken, four.KvBytesPerToken, 6);
        Assert.True(four.KvCacheTokens > 4 * Math.Max(0, one.KvCacheTokens));
    }

    [Fact]
    public void Compute_Fp8KvCache_HoldsTwiceTheTokens()
    {
        var model = TestCatalog.ModelSpec("qwen2.5-7b");
        var bf16 = MemoryModel.Compute(model, Quantization.Bf16, TestCatalog.Gpu("L40S"), 1, 1024);
        var fp8 = MemoryModel.Compute(model, Quantization.Bf16, TestCatalog.Gpu("L40S"), 1, 1024, new ServingLimits { KvCacheDtype = KvCacheFormat.Fp8 });
        Assert.InRange(fp8.KvCacheTokens, (2 * bf16.KvCacheTokens) - 16, (2 * bf16.KvCacheTokens) + 16);
    }

    [Fact]
    public void Compute_KvHeadsFewerThanTensorParallel_AreReplicated()
    {
        // Qwen2.5-7B has 4 KV heads: at TP 4 each GPU holds one; it cannot hold less at TP 8 (28 heads do not split 8 ways anyway).
        var model = TestCatalog.ModelSpec("qwen2.5-7b");
        var four = MemoryModel.Compute(model, Quantization.Bf16, TestCatalog.Gpu("H100"), 4, 1024);
        Assert.Equal(2.0 * 28 * 1 * 128 * 2 * 4, four.KvBytesPerToken);
    }
}
