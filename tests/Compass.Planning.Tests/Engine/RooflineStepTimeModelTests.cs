using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Planning.Tests.Engine;

public sealed class RooflineStepTimeModelTests
{
    private static readonly string[] ModelNames = ["llama-3.1-8b", "qwen2.5-72b", "mixtral-8x7b", "gpt-oss-120b", "llama-3.2-1b"];
    private static readonly string[] GpuNames = ["H100", "L4", "A100-80", "MI300X", "B200"];

    private static RooflineStepTimeModel Model(string model, string gpu, int tp = 1)
    {
        var spec = TestCatalog.ModelSpec(model);
        var g = TestCatalog.Gpu(gpu);
        return new RooflineStepTimeModel(spec, spec.Quantizations[0].Quantization, g, tp, EngineProfiles.CoefficientsFor(TestCatalog.Catalog, g.Type));
    }

    public static Arbitrary<(int Model, int Gpu, int Tp)> Configurations() => Arb.From(
        from m in Gen.Choose(0, ModelNames.Length - 1)
        from g in Gen.Choose(0, GpuNames.Length - 1)
        from tp in Gen.Elements(1, 2, 4, 8)
        select (m, g, tp));

    [Property(Arbitrary = [typeof(RooflineStepTimeModelTests)])]
    public bool StepTime_IsMonotoneInBatchContextAndPrompt((int Model, int Gpu, int Tp) config, PositiveInt batch, PositiveInt context, PositiveInt prompt)
    {
        var step = Model(ModelNames[config.Model], GpuNames[config.Gpu], config.Tp);
        var b = Math.Min(batch.Get, 512);
        var c = Math.Min(context.Get, 100_000);
        var p = Math.Min(prompt.Get, 16_384);
        double Decode(int n, int ctx) => step.Predict(StepBatch.Decode(n, (long)n * ctx)).TotalMs;
        double Prefill(int tokens) => step.Predict(StepBatch.Prefill(tokens)).TotalMs;
        return Decode(b + 1, c) >= Decode(b, c)
            && Decode(b, c + 100) >= Decode(b, c)
            && Prefill(p + 1) >= Prefill(p)
            && step.Predict(StepBatch.Decode(b, (long)b * c) + StepBatch.Prefill(p)).TotalMs >= Decode(b, c);
    }

    [Property(Arbitrary = [typeof(RooflineStepTimeModelTests)])]
    public bool MoreTensorParallelism_NeverNeedsMoreMemoryPerGpu((int Model, int Gpu, int Tp) config)
    {
        var model = TestCatalog.ModelSpec(ModelNames[config.Model]);
        var gpu = TestCatalog.Gpu(GpuNames[config.Gpu]);
        var q = model.Quantizations[0].Quantization;
        var narrow = MemoryModel.Compute(model, q, gpu, config.Tp, 2048);
        var wide = MemoryModel.Compute(model, q, gpu, config.Tp * 2, 2048);
        return wide.WeightsGiB <= narrow.WeightsGiB && wide.KvBytesPerToken / (config.Tp * 2) <= narrow.KvBytesPerToken / config.Tp + 1e-9;
    }

    [Fact]
    public void Decode_SmallBatch_IsMemoryBound_AndReadsTheWeights()
    {
        var step = Model("llama-3.1-8b", "H100");
        var t = step.Predict(StepBatch.Decode(1, 1000));
        Assert.False(t.ComputeBound);
        var spec = TestCatalog.ModelSpec("llama-3.1-8b");
        var minimum = spec.WeightBytes(Quantization.Bf16) * 0.9 / (3350e9) * 1000;
        Assert.InRange(t.MemoryMs, minimum, minimum * 2);
        Assert.True(t.OverheadMs > 0);
    }

    [Fact]
    public void LongPrefill_IsComputeBound_AndScalesWithTokens()
    {
        var step = Model("llama-3.1-8b", "H100");
        var small = step.Predict(StepBatch.Prefill(4096));
        var large = step.Predict(StepBatch.Prefill(8192));
        Assert.True(small.ComputeBound);
        Assert.InRange(large.GpuMs / small.GpuMs, 1.9, 2.6);
    }

    [Fact]
    public void TensorParallel_AddsCommunication_AndSplitsWork()
    {
        var one = Model("qwen2.5-72b", "H100", 4).Predict(StepBatch.Decode(16, 16 * 2000));
        var two = Model("qwen2.5-72b", "H100", 8).Predict(StepBatch.Decode(16, 16 * 2000));
        Assert.True(one.CommunicationMs > 0);
        Assert.True(two.MemoryMs < one.MemoryMs);
    }

    [Fact]
    public void MoeDecode_ReadsOnlyTouchedExperts()
    {
        var step = Model("gpt-oss-120b", "H100");
        var single = step.Predict(StepBatch.Decode(1, 1000));
        var many = step.Predict(StepBatch.Decode(256, 256_000));
        Assert.True(single.MemoryMs < step.WeightBytesPerGpu / 3350e9 * 1000 / 2, "one token should touch a small share of the experts");
        Assert.True(many.MemoryMs > single.MemoryMs * 3);
    }

    [Fact]
    public void FasterGpu_IsFaster()
    {
        var batch = StepBatch.Decode(32, 32 * 1024);
        Assert.True(Model("llama-3.1-8b", "B200").Predict(batch).GpuMs < Model("llama-3.1-8b", "H100").Predict(batch).GpuMs);
        Assert.True(Model("llama-3.1-8b", "H100").Predict(batch).GpuMs < Model("llama-3.1-8b", "L4").Predict(batch).GpuMs);
    }

    [Fact]
    public void EngineProfile_TooBigModel_SaysHowToFix()
    {
        var ex = Assert.Throws<ArgumentException>(() => EngineProfiles.Create(TestCatalog.Catalog, TestCatalog.ModelSpec("llama-3.1-70b"), Quantization.Bf16, TestCatalog.Gpu("L4"), 1));
        Assert.Contains("does not fit", ex.Message, StringComparison.Ordinal);
    }
}
