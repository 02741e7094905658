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

    public static Arbitrary<(int Model, int Gpu, int Tp, int Batch, int Context, int Prompt)> Steps() => Arb.From(
        from m in Gen.Elements(0, 1, 2, 3)
        from g in Gen.Elements(0, 2, 3, 4)
        from tp in Gen.Elements(1, 2, 4, 8)
        from b in Gen.Choose(0, 512)
        from c in Gen.Choose(1, 131_072)
        from p in Gen.Choose(0, 16_384)
        where b + p > 0
        select (m, g, tp, b, c, p));

    private static readonly string[] Fp8Models = ["llama-3.1-8b", "llama-3.3-70b", "qwen2.5-7b", "mistral-small-3.1-24b"];

    // A format with half the bytes and faster tensor cores is never slower at the same shape, whatever the step.
    [Property(Arbitrary = [typeof(RooflineStepTimeModelTests)], MaxTest = 300)]
    public bool Fp8Weights_AreNeverSlowerThanBf16((int Model, int Gpu, int Tp, int Batch, int Context, int Prompt) s)
    {
        var model = TestCatalog.ModelSpec(Fp8Models[s.Model]);
        var gpu = TestCatalog.Gpu(GpuNames[s.Gpu]);
        if (model.FindFormat(Quantization.Fp8) is null || model.FindFormat(Quantization.Bf16) is null || gpu.Fp8Tflops is null)
        {
            return true;
        }

        var coefficients = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, gpu.Type);
        var batch = StepBatch.Decode(s.Batch, (long)s.Batch * s.Context) + StepBatch.Prefill(s.Prompt);
        var bf16 = new RooflineStepTimeModel(model, Quantization.Bf16, gpu, s.Tp, coefficients).Predict(batch).TotalMs;
        var fp8 = new RooflineStepTimeModel(model, Quantization.Fp8, gpu, s.Tp, coefficients).Predict(batch).TotalMs;
        return fp8 <= bf16 * (1 + 1e-12);
    }

    [Fact]
    public void Fp8Weights_DecodeFaster_LargeBatchNotSlower()
    {
        var model = TestCatalog.ModelSpec("llama-3.3-70b");
        var gpu = TestCatalog.Gpu("H100");
        var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, gpu.Type);
        double Step(Quantization q, StepBatch b) => new RooflineStepTimeModel(model, q, gpu, 4, c).Predict(b).GpuMs;
        var small = StepBatch.Decode(1, 2048);
        var large = StepBatch.Decode(256, 256L * 2048);
        Assert.InRange(Step(Quantization.Bf16, small) / Step(Quantization.Fp8, small), 1.4, 2.0);
        Assert.True(Step(Quantization.Fp8, large) < Step(Quantization.Bf16, large));
    }

    [Fact]
    public void Fp8KvCache_ReadsHalfTheKvBytes()
    {
        var model = TestCatalog.ModelSpec("llama-3.1-8b");
        var gpu = TestCatalog.Gpu("H100");
        var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, gpu.Type);
        var batch = StepBatch.Decode(64, 64L * 16_384);
        var bf16 = new RooflineStepTimeModel(model, Quantization.Bf16, gpu, 1, c, KvCacheFormat.Auto).Predict(batch);
        var fp8 = new RooflineStepTimeModel(model, Quantization.Bf16, gpu, 1, c, KvCacheFormat.Fp8).Predict(batch);
        Assert.True(fp8.GpuMs < bf16.GpuMs * 0.8, $"FP8 KV {fp8.GpuMs:0.00} ms vs BF16 KV {bf16.GpuMs:0.00} ms at 1M cached tokens");
    }

    // Growing any size of the model (layers, hidden size, heads, FFN, vocabulary) never makes a step faster.
    [Property(MaxTest = 200)]
    public bool StepTime_IsMonotoneInEveryModelSize(PositiveInt which, PositiveInt batch, PositiveInt context)
    {
        var baseSpec = TestCatalog.ModelSpec("llama-3.1-8b");
        var a = baseSpec.Architecture;
        var grown = (which.Get % 6) switch
        {
            0 => a with { Layers = a.Layers + 4 },
            1 => a with { HiddenSize = a.HiddenSize + 512 },
            2 => a with { IntermediateSize = a.IntermediateSize + 1024 },
            3 => a with { VocabSize = a.VocabSize + 10_000 },
            4 => a with { KvHeads = a.KvHeads * 2 },
            _ => a with { HeadDim = a.HeadDim * 2 },
        };
        var (total, active) = ModelArchitecture.CountParameters(grown.Layers, grown.HiddenSize, grown.AttentionHeads, grown.KvHeads, grown.HeadDim, grown.IntermediateSize, grown.IntermediateSize, grown.VocabSize, 0, 0, 0, 0, grown.TiedEmbeddings);
        var bigger = baseSpec with { Architecture = grown with { Parameters = total, ActiveParameters = active } };
        var gpu = TestCatalog.Gpu("H100");
        var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, gpu.Type);
        var b = Math.Min(batch.Get, 256);
        var step = StepBatch.Decode(b, (long)b * Math.Min(context.Get, 32_768)) + StepBatch.Prefill(Math.Min(context.Get, 4096));
        return new RooflineStepTimeModel(bigger, Quantization.Bf16, gpu, 1, c).Predict(step).TotalMs
            >= new RooflineStepTimeModel(baseSpec, Quantization.Bf16, gpu, 1, c).Predict(step).TotalMs;
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
        var ex = Assert.ThrowsAny<ArgumentException>(() => EngineProfiles.Create(TestCatalog.Catalog, TestCatalog.ModelSpec("llama-3.1-70b"), Quantization.Bf16, TestCatalog.Gpu("L4"), 1));
        Assert.Contains("does not fit", ex.Message, StringComparison.Ordinal);
    }
}
