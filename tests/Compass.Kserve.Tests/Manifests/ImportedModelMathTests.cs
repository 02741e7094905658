using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Kserve.Tests.Manifests;

/// <summary>
/// A model imported with <c>--model-config</c> flows into the memory model and the roofline step-time model, whose
/// results size the manifests (<c>--gpu-memory-utilization</c>, <c>--max-model-len</c>, the startup probe): for any
/// config that passes validation, they must give finite, non-negative numbers — no division by zero, no overflow.
/// </summary>
public sealed class ImportedModelMathTests
{
    private static readonly GpuType[] Gpus = [GpuType.Parse("H100"), GpuType.Parse("MI300X"), GpuType.Parse("L4")];

    [Property(MaxTest = 200)]
    public Property ValidConfigs_GiveFiniteMemoryAndStepTimes()
        => Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var spec = ModelSpec.FromHuggingFaceConfig(c.Config.ToJsonString());
            var gpu = TestPlans.Catalog.GetGpu(c.Gpu)!;
            var quantization = spec.NativeFormat.Quantization;

            var memory = MemoryModel.Compute(spec, quantization, gpu, c.TensorParallel, c.SequenceTokens);
            var step = new RooflineStepTimeModel(spec, quantization, gpu, c.TensorParallel, EngineCoefficients.Uncalibrated(gpu.Type));
            var prefill = step.Predict(StepBatch.Prefill(c.SequenceTokens));
            var decode = step.Predict(StepBatch.Decode(c.Sequences, (long)c.Sequences * c.SequenceTokens));

            return new[] { memory.UsableGiB, memory.WeightsGiB, memory.ActivationsGiB, memory.OverheadGiB, memory.KvCacheGiB, memory.KvBytesPerToken }.All(double.IsFinite)
                && memory.KvBytesPerToken > 0 && memory.KvCacheTokens >= 0 && memory.MaxBatch >= 0
                && new[] { prefill, decode }.All(t => double.IsFinite(t.TotalMs) && t.TotalMs > 0 && t.ComputeMs >= 0 && t.MemoryMs >= 0 && t.CommunicationMs >= 0);
        });

    private static Gen<(JsonObject Config, GpuType Gpu, int TensorParallel, int SequenceTokens, int Sequences)> Cases() =>
        from layers in Gen.Choose(1, 128)
        from kvHeads in Gen.Elements(1, 2, 8, 16)
        from perKv in Gen.Elements(1, 3, 8)
        from headDim in Gen.Elements(1, 64, 128, 256)
        from vocab in Gen.Choose(1, 300_000)
        from context in Gen.Choose(1, ModelConfigLimits.MaxContext)
        from intermediate in Gen.Choose(1, 32_768)
        from experts in Gen.Elements(0, 8, 128)
        from active in Gen.Choose(1, 8)
        from quantization in Gen.Elements("none", "fp8", "awq", "mxfp4")
        from gpu in Gen.Elements(Gpus)
        from tp in Gen.Elements(1, 2, 4, 8)
        from sequenceTokens in Gen.Choose(1, 32_768)
        from sequences in Gen.Choose(1, 256)
        select (Config(layers, kvHeads * perKv, kvHeads, headDim, vocab, context, intermediate, experts, Math.Min(active, Math.Max(1, experts)), quantization),
            gpu, tp, sequenceTokens, sequences);

    private static JsonObject Config(int layers, int heads, int kvHeads, int headDim, int vocab, int context, int intermediate, int experts, int active, string quantization)
    {
        var config = new JsonObject
        {
            ["_name_or_path"] = "acme/imported",
            ["num_hidden_layers"] = layers,
            ["hidden_size"] = heads * headDim,
            ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = kvHeads,
            ["vocab_size"] = vocab,
            ["max_position_embeddings"] = context,
            ["intermediate_size"] = intermediate,
        };
        if (experts > 0)
        {
            config["num_local_experts"] = experts;
            config["num_experts_per_tok"] = active;
        }

        if (quantization != "none")
        {
            config["quantization_config"] = new JsonObject { ["quant_method"] = quantization };
        }

        return config;
    }
}
