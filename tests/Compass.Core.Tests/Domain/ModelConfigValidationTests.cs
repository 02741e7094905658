using System.Globalization;
using System.Text.Json.Nodes;
using static Compass.Core.ModelConfigLimits;

namespace Compass.Core.Tests.Domain;

/// <summary>
/// Bad <c>config.json</c> files, generated from two valid ones (a dense model and a mixture of experts) by breaking one
/// field at a time in every way (zero, negative, beyond its limit, fractional, a string, a boolean, an array, an
/// object, missing), plus inconsistent pairs of fields and documents that are not configs at all. Each must fail with
/// a <see cref="FormatException"/> whose single line names the field and the value.
/// </summary>
public sealed class ModelConfigValidationTests
{
    private static readonly (string Field, int Max, bool ZeroIsValid)[] DenseSizes =
    [
        ("num_hidden_layers", MaxLayers, false),
        ("hidden_size", MaxHiddenSize, false),
        ("num_attention_heads", MaxAttentionHeads, false),
        ("num_key_value_heads", MaxAttentionHeads, false),
        ("head_dim", MaxHeadDim, false),
        ("vocab_size", MaxVocabSize, false),
        ("max_position_embeddings", MaxContext, false),
        ("intermediate_size", MaxIntermediateSize, false),
    ];

    private static readonly (string Field, int Max, bool ZeroIsValid)[] MoeSizes =
    [
        ("num_local_experts", MaxExperts, true),
        ("num_experts_per_tok", MaxExperts, false),
        ("n_shared_experts", MaxSharedExperts, true),
        ("moe_intermediate_size", MaxIntermediateSize, false),
        ("first_k_dense_replace", MaxLayers, true),
    ];

    public static TheoryData<string, string, string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string, string, string>();
            foreach (var (name, json, expected, value) in Generate())
            {
                data.Add(name, json, expected, value);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadConfig_FailsWithOneLine_NamingTheFieldAndValue(string name, string json, string expected, string value)
    {
        var ex = Record.Exception(() => ModelSpec.FromHuggingFaceConfig(json));

        Assert.True(ex is not null, $"{name}: no error");
        Assert.IsType<FormatException>(ex);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain(" at Compass.", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.Message.Length, 20, 400);
    }

    [Fact]
    public void TheTable_CoversEveryFieldInEveryWay()
    {
        var cases = Generate().ToList();
        Assert.True(cases.Count >= 60, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        foreach (var (field, _, _) in DenseSizes.Concat(MoeSizes))
        {
            Assert.True(cases.Count(c => c.Expected == $"'{field}'") >= 6, field);
        }
    }

    [Fact]
    public void TheBaseConfigs_AreValid_SoEachCaseFailsOnlyForWhatItBreaks()
    {
        Assert.Equal(32, ModelSpec.FromHuggingFaceConfig(Dense().ToJsonString()).Architecture.Layers);
        Assert.True(ModelSpec.FromHuggingFaceConfig(Moe().ToJsonString()).Architecture.IsMoe);
        Assert.Equal(48, ModelSpec.FromHuggingFaceConfig(Nested(Dense()).ToJsonString()).Architecture.Layers);
        Assert.Equal(Quantization.W4A16, ModelSpec.FromHuggingFaceConfig(With(Dense(), "quantization_config", Gptq()).ToJsonString()).NativeFormat.Quantization);
        Assert.Equal(Quantization.Fp8, ModelSpec.FromHuggingFaceConfig(With(Dense(), "quantization_config", CompressedFp8()).ToJsonString()).NativeFormat.Quantization);
    }

    private static IEnumerable<(string Name, string Json, string Expected, string Value)> Generate()
    {
        foreach (var (field, max, zeroIsValid) in DenseSizes)
        {
            foreach (var c in BreakField(Dense, field, max, zeroIsValid, string.Empty))
            {
                yield return c;
            }
        }

        foreach (var (field, max, zeroIsValid) in MoeSizes)
        {
            foreach (var c in BreakField(Moe, field, max, zeroIsValid, string.Empty))
            {
                yield return c;
            }
        }

        // The same fields inside text_config (Llama 4, Gemma 3 and other multimodal configs) are named by their path.
        foreach (var field in new[] { "num_hidden_layers", "num_attention_heads", "hidden_size" })
        {
            foreach (var c in BreakField(() => Nested(Dense()), field, int.MaxValue, false, "text_config."))
            {
                yield return c with { Name = "nested " + c.Name };
            }
        }

        foreach (var field in new[] { "num_hidden_layers", "hidden_size", "num_attention_heads", "vocab_size", "max_position_embeddings" })
        {
            yield return ($"{field} missing", Without(Dense(), field).ToJsonString(), $"'{field}'", "lacks");
        }

        yield return ("num_experts_per_tok missing", Without(Moe(), "num_experts_per_tok").ToJsonString(), "'num_experts_per_tok'", "lacks");

        // Fields that are each valid but contradict another.
        yield return ("kv heads above heads", With(Dense(), "num_key_value_heads", 64).ToJsonString(), "'num_key_value_heads'", "64");
        yield return ("heads not a multiple of kv heads", With(Dense(), "num_key_value_heads", 5).ToJsonString(), "'num_attention_heads'", "5");
        yield return ("hidden not a multiple of heads", With(Without(Dense(), "head_dim"), "num_attention_heads", 24).ToJsonString(), "'hidden_size'", "24");
        yield return ("experts per token above experts", With(Moe(), "num_experts_per_tok", 65).ToJsonString(), "'num_experts_per_tok'", "65");
        yield return ("no MoE layer left", With(Moe(), "first_k_dense_replace", 32).ToJsonString(), "'first_k_dense_replace'", "32");
        yield return ("MoE step beyond the layers", With(Without(Moe(), "first_k_dense_replace"), "interleave_moe_layer_step", 33).ToJsonString(), "'interleave_moe_layer_step'", "33");
        yield return ("MoE step zero", With(Moe(), "interleave_moe_layer_step", 0).ToJsonString(), "'interleave_moe_layer_step'", "0");
        yield return ("absurd total size", With(With(With(Dense(), "num_hidden_layers", MaxLayers), "hidden_size", MaxHiddenSize), "intermediate_size", MaxIntermediateSize).ToJsonString(), "parameters", "hidden_size");

        // Flags, names and types of the other fields read.
        yield return ("tie_word_embeddings a string", With(Dense(), "tie_word_embeddings", "yes").ToJsonString(), "'tie_word_embeddings'", "\"yes\"");
        yield return ("multi_query a number", With(Without(Dense(), "num_key_value_heads"), "multi_query", 1).ToJsonString(), "'multi_query'", "1");
        yield return ("model_type a number", With(Dense(), "model_type", 5).ToJsonString(), "'model_type'", "5");
        yield return ("torch_dtype unknown", With(Dense(), "torch_dtype", "int3").ToJsonString(), "'torch_dtype'", "int3");
        yield return ("torch_dtype a number", With(Dense(), "torch_dtype", 16).ToJsonString(), "'torch_dtype'", "16");
        yield return ("dtype unknown", With(Without(Dense(), "torch_dtype"), "dtype", "complex64").ToJsonString(), "'dtype'", "complex64");
        yield return ("_name_or_path a number", With(Dense(), "_name_or_path", 42).ToJsonString(), "'_name_or_path'", "42");
        yield return ("_name_or_path with a space", With(Dense(), "_name_or_path", "my model").ToJsonString(), "'_name_or_path'", "my model");
        yield return ("_name_or_path missing", Without(Dense(), "_name_or_path").ToJsonString(), "_name_or_path", "model id");

        // Nested garbage.
        yield return ("text_config an array", With(Dense(), "text_config", new JsonArray(1, 2)).ToJsonString(), "'text_config'", "an array");
        yield return ("text_config a string", With(Dense(), "text_config", "llama").ToJsonString(), "'text_config'", "\"llama\"");
        yield return ("text_config empty", With(Dense(), "text_config", new JsonObject()).ToJsonString(), "'num_hidden_layers'", "lacks");
        yield return ("quantization_config a string", With(Dense(), "quantization_config", "fp8").ToJsonString(), "'quantization_config'", "\"fp8\"");
        yield return ("quantization_config without a method", With(Dense(), "quantization_config", new JsonObject()).ToJsonString(), "'quant_method'", "quantization_config");
        yield return ("quant_method a number", With(Dense(), "quantization_config", new JsonObject { ["quant_method"] = 8 }).ToJsonString(), "'quantization_config.quant_method'", "8");
        yield return ("quant_method unknown", With(Dense(), "quantization_config", new JsonObject { ["quant_method"] = "hqq" }).ToJsonString(), "'quantization_config.quant_method'", "hqq");
        yield return ("gptq bits 5", With(Dense(), "quantization_config", With(Gptq(), "bits", 5)).ToJsonString(), "'quantization_config.bits'", "5");
        yield return ("gptq bits a string", With(Dense(), "quantization_config", With(Gptq(), "bits", "4")).ToJsonString(), "'quantization_config.bits'", "\"4\"");
        yield return ("gptq bits zero", With(Dense(), "quantization_config", With(Gptq(), "bits", 0)).ToJsonString(), "'quantization_config.bits'", "0");
        yield return ("config_groups a number", With(Dense(), "quantization_config", With(CompressedFp8(), "config_groups", 3)).ToJsonString(), "'quantization_config.config_groups'", "3");
        yield return ("a config group a number", With(Dense(), "quantization_config", With(CompressedFp8(), "config_groups", new JsonObject { ["group_0"] = 1 })).ToJsonString(), "'quantization_config.config_groups.group_0'", "1");
        yield return ("num_bits zero", With(Dense(), "quantization_config", CompressedFp8(numBits: 0)).ToJsonString(), "'quantization_config.config_groups.group_0.weights.num_bits'", "0");
        yield return ("num_bits 3", With(Dense(), "quantization_config", CompressedFp8(numBits: 3)).ToJsonString(), "compressed-tensors", "3-bit");

        // Documents that are not a config.
        yield return ("empty file", string.Empty, "empty", "config.json");
        yield return ("blank file", " \n\t ", "empty", "config.json");
        yield return ("not JSON", "hidden_size = 4096", "not valid JSON", "JSON");
        yield return ("truncated JSON", "{\"hidden_size\": 4096", "not valid JSON", "JSON");
        yield return ("JSON array", "[{\"hidden_size\": 4096}]", "must be a JSON object", "an array");
        yield return ("JSON number", "4096", "must be a JSON object", "4096");
        yield return ("JSON string", "\"config\"", "must be a JSON object", "\"config\"");
        yield return ("JSON null", "null", "must be a JSON object", "null");
        yield return ("nested too deep", new string('[', 200) + new string(']', 200), "not valid JSON", "depth");
    }

    private static IEnumerable<(string Name, string Json, string Expected, string Value)> BreakField(
        Func<JsonObject> valid, string field, int max, bool zeroIsValid, string prefix)
    {
        JsonObject Set(JsonNode? value)
        {
            var config = valid();
            var scope = prefix.Length == 0 ? config : config[prefix.TrimEnd('.')]!.AsObject();
            scope[field] = value;
            return config;
        }

        var expected = $"'{prefix}{field}'";
        if (!zeroIsValid)
        {
            yield return ($"{field} zero", Set(0).ToJsonString(), expected, "0");
        }

        yield return ($"{field} negative", Set(-1).ToJsonString(), expected, "-1");
        if (max < int.MaxValue)
        {
            var beyond = (max + 1L).ToString(CultureInfo.InvariantCulture);
            yield return ($"{field} beyond its limit", Set(max + 1L).ToJsonString(), expected, beyond);
        }

        yield return ($"{field} huge", Set(1e300).ToJsonString(), expected, "1E+300");
        yield return ($"{field} fractional", Set(2.5).ToJsonString(), expected, "2.5");
        yield return ($"{field} a string", Set("32").ToJsonString(), expected, "without quotes");
        yield return ($"{field} a boolean", Set(true).ToJsonString(), expected, "true");
        yield return ($"{field} an array", Set(new JsonArray(32)).ToJsonString(), expected, "an array");
        yield return ($"{field} an object", Set(new JsonObject { ["value"] = 32 }).ToJsonString(), expected, "an object");
    }

    // The shape of Llama 3.1 8B, with every field Compass reads for a dense model.
    private static JsonObject Dense() => new()
    {
        ["_name_or_path"] = "acme/dense-8b",
        ["model_type"] = "llama",
        ["torch_dtype"] = "bfloat16",
        ["num_hidden_layers"] = 32,
        ["hidden_size"] = 4096,
        ["num_attention_heads"] = 32,
        ["num_key_value_heads"] = 8,
        ["head_dim"] = 128,
        ["vocab_size"] = 128256,
        ["max_position_embeddings"] = 131072,
        ["intermediate_size"] = 14336,
        ["tie_word_embeddings"] = false,
    };

    // A DeepSeek-style mixture of experts: routed and shared experts, a dense first layer.
    private static JsonObject Moe()
    {
        var config = Dense();
        config["_name_or_path"] = "acme/moe-16b";
        config["num_local_experts"] = 64;
        config["num_experts_per_tok"] = 6;
        config["n_shared_experts"] = 2;
        config["moe_intermediate_size"] = 1408;
        config["first_k_dense_replace"] = 1;
        return config;
    }

    // A multimodal layout: the language model's fields inside text_config.
    private static JsonObject Nested(JsonObject text)
    {
        text.Remove("_name_or_path");
        text["num_hidden_layers"] = 48;
        return new JsonObject { ["_name_or_path"] = "acme/vision-chat", ["model_type"] = "llava", ["text_config"] = text };
    }

    private static JsonObject Gptq() => new() { ["quant_method"] = "gptq", ["bits"] = 4, ["group_size"] = 128 };

    private static JsonObject CompressedFp8(int numBits = 8) => new()
    {
        ["quant_method"] = "compressed-tensors",
        ["config_groups"] = new JsonObject
        {
            ["group_0"] = new JsonObject { ["weights"] = new JsonObject { ["num_bits"] = numBits, ["type"] = "float" } },
        },
    };

    private static JsonObject With(JsonObject config, string field, JsonNode? value)
    {
        config[field] = value;
        return config;
    }

    private static JsonObject Without(JsonObject config, string field)
    {
        config.Remove(field);
        return config;
    }
}
