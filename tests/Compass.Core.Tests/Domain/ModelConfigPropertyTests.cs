using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Core.Tests.Domain;

/// <summary>Any config that passes validation gives a spec whose derived sizes are positive and finite.</summary>
public sealed class ModelConfigPropertyTests
{
    // Sizes stay well inside the limits so that their product (the parameter count) does too.
    private const int MaxHidden = 16_384;

    [Property(MaxTest = 300)]
    public Property ValidConfigs_GiveFinitePositiveSizes()
        => Prop.ForAll(ValidConfigs().ToArbitrary(), config =>
        {
            var spec = ModelSpec.FromHuggingFaceConfig(config.ToJsonString());
            var a = spec.Architecture;
            var weights = spec.WeightBytes(spec.NativeFormat.Quantization);
            return double.IsFinite(a.Parameters) && a.Parameters > 0
                && double.IsFinite(a.ActiveParameters) && a.ActiveParameters > 0 && a.ActiveParameters <= a.Parameters * 1.0001
                && double.IsFinite(weights) && weights > 0
                && double.IsFinite(a.KvBytesPerToken(2)) && a.KvBytesPerToken(2) > 0
                && a.HeadDim > 0 && a.AttentionHeads % a.KvHeads == 0
                && a.MoeLayerCount <= a.Layers && (!a.IsMoe || (a.ActiveExperts >= 1 && a.ActiveExperts <= a.Experts && a.MoeLayerCount >= 1));
        });

    /// <summary>Configs within <see cref="ModelConfigLimits"/>, dense or MoE, with or without an explicit head size.</summary>
    internal static Gen<JsonObject> ValidConfigs() =>
        from layers in Gen.Choose(1, 128)
        from kvHeads in Gen.Elements(1, 2, 4, 8, 16, 64)
        from perKv in Gen.Elements(1, 2, 3, 4, 8)
        from headDim in Gen.Elements(1, 32, 64, 80, 128, 256, 576)
        from explicitHeadDim in Gen.Elements(true, false)
        from hiddenIfExplicit in Gen.Choose(1, MaxHidden)
        from vocab in Gen.Choose(1, 300_000)
        from context in Gen.Choose(1, ModelConfigLimits.MaxContext)
        from intermediate in Gen.Choose(1, 32_768)
        from experts in Gen.Elements(0, 1, 2, 8, 64, 256)
        from active in Gen.Choose(1, 16)
        from shared in Gen.Choose(0, 2)
        from leadingDense in Gen.Choose(0, 3)
        from tied in Gen.Elements(true, false)
        from quantization in Gen.Elements("none", "fp8", "gptq", "mxfp4")
        let heads = kvHeads * perKv
        let explicitHead = explicitHeadDim || heads * headDim > MaxHidden
        select Config(layers, heads, kvHeads, headDim, explicitHead ? hiddenIfExplicit : heads * headDim, explicitHead, vocab, context, intermediate, experts, Math.Min(active, Math.Max(1, experts)), shared,
            Math.Min(leadingDense, layers - 1), tied, quantization);

    private static JsonObject Config(
        int layers, int heads, int kvHeads, int headDim, int hidden, bool explicitHeadDim, int vocab, int context, int intermediate,
        int experts, int active, int shared, int leadingDense, bool tied, string quantization)
    {
        var config = new JsonObject
        {
            ["_name_or_path"] = "acme/generated",
            ["num_hidden_layers"] = layers,
            ["hidden_size"] = hidden,
            ["num_attention_heads"] = heads,
            ["num_key_value_heads"] = kvHeads,
            ["vocab_size"] = vocab,
            ["max_position_embeddings"] = context,
            ["intermediate_size"] = intermediate,
            ["tie_word_embeddings"] = tied,
        };
        if (explicitHeadDim)
        {
            config["head_dim"] = headDim;
        }

        if (experts > 0)
        {
            config["num_local_experts"] = experts;
            config["num_experts_per_tok"] = active;
            config["n_shared_experts"] = shared;
            config["first_k_dense_replace"] = leadingDense;
        }

        if (quantization != "none")
        {
            config["quantization_config"] = new JsonObject { ["quant_method"] = quantization };
        }

        return config;
    }
}
