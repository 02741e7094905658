using Compass.Core.Knowledge;

namespace Compass.Core.Tests.Domain;

public sealed class ModelSpecHuggingFaceTests
{
    // The config.json of meta-llama/Llama-3.1-8B-Instruct (fields that matter; others omitted).
    private const string Llama8B = """
        {"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "intermediate_size": 14336, "max_position_embeddings": 131072,
         "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
         "rope_scaling": {"factor": 8.0, "rope_type": "llama3"}, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "vocab_size": 128256}
        """;

    private const string Mixtral = """
        {"hidden_size": 4096, "intermediate_size": 14336, "max_position_embeddings": 32768, "model_type": "mixtral",
         "num_attention_heads": 32, "num_experts_per_tok": 2, "num_hidden_layers": 32, "num_key_value_heads": 8,
         "num_local_experts": 8, "vocab_size": 32000, "_name_or_path": "mistralai/Mixtral-8x7B-Instruct-v0.1"}
        """;

    private const string GptOss20B = """
        {"head_dim": 64, "hidden_size": 2880, "intermediate_size": 2880, "max_position_embeddings": 131072, "model_type": "gpt_oss",
         "num_attention_heads": 64, "num_experts_per_tok": 4, "num_hidden_layers": 24, "num_key_value_heads": 8, "num_local_experts": 32,
         "quantization_config": {"quant_method": "mxfp4", "modules_to_not_convert": ["model.layers.*.self_attn", "model.embed_tokens", "lm_head"]},
         "tie_word_embeddings": false, "vocab_size": 201088}
        """;

    private const string Scout = """
        {"architectures": ["Llama4ForConditionalGeneration"], "model_type": "llama4",
         "text_config": {"model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192, "intermediate_size_mlp": 16384,
           "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "num_hidden_layers": 48, "num_local_experts": 16,
           "num_experts_per_tok": 1, "interleave_moe_layer_step": 1, "vocab_size": 202048, "max_position_embeddings": 10485760}}
        """;

    [Fact]
    public void FromConfig_Llama8B_MatchesTheCatalog()
    {
        var spec = ModelSpec.FromHuggingFaceConfig(Llama8B, ModelId.Llama31Instruct8B);
        var catalog = EmbeddedKnowledgeBase.Catalog.GetModel(ModelId.Llama31Instruct8B)!;
        Assert.Equal(catalog.Architecture.Layers, spec.Architecture.Layers);
        Assert.Equal(catalog.Architecture.KvHeads, spec.Architecture.KvHeads);
        Assert.Equal(128, spec.Architecture.HeadDim);
        Assert.Equal(catalog.Architecture.Parameters, spec.Architecture.Parameters, 0.01e9);
        Assert.Equal(Quantization.Bf16, spec.NativeFormat.Quantization);
        Assert.Empty(spec.Quality);
    }

    [Fact]
    public void FromConfig_Mixtral_CountsActiveExperts()
    {
        var spec = ModelSpec.FromHuggingFaceConfig(Mixtral);
        Assert.Equal("mistralai/Mixtral-8x7B-Instruct-v0.1", spec.Id.Value);
        Assert.Equal(46.7e9, spec.Architecture.Parameters, 0.1e9);
        Assert.Equal(12.9e9, spec.Architecture.ActiveParameters, 0.1e9);
        Assert.True(spec.Architecture.IsMoe);
    }

    [Fact]
    public void FromConfig_GptOss_ReadsMxfp4AndItsSize()
    {
        var spec = ModelSpec.FromHuggingFaceConfig(GptOss20B, ModelId.GptOss20B);
        Assert.Equal(20.9e9, spec.Architecture.Parameters, 0.1e9);
        Assert.Equal(Quantization.MxFp4, spec.NativeFormat.Quantization);
        Assert.InRange(spec.WeightBytes(Quantization.MxFp4) / 1e9, 13, 14.5); // the checkpoint is 13.8 GB
    }

    [Fact]
    public void FromConfig_NestedTextConfig_IsRead()
    {
        var spec = ModelSpec.FromHuggingFaceConfig(Scout, ModelId.Parse("meta-llama/Llama-4-Scout-17B-16E-Instruct"));
        Assert.Equal(48, spec.Architecture.MoeLayerCount);
        Assert.Equal(1, spec.Architecture.SharedExperts);
        Assert.Equal(107.8e9, spec.Architecture.Parameters, 1e9);
        Assert.Equal(17.2e9, spec.Architecture.ActiveParameters, 0.3e9);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("""{"hidden_size": 4096}""", "_name_or_path")]
    [InlineData("""{"_name_or_path": "x/y", "hidden_size": 4096, "num_attention_heads": 32}""", "num_hidden_layers")]
    [InlineData("""{"_name_or_path": "x/y", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 3, "vocab_size": 10, "max_position_embeddings": 100}""", "not a multiple of 'num_key_value_heads'")]
    [InlineData("""{"_name_or_path": "x/y", "num_hidden_layers": 2.5, "hidden_size": 64, "num_attention_heads": 4}""", "whole number")]
    [InlineData("""{"_name_or_path": "x/y", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "intermediate_size": 256, "vocab_size": 10, "max_position_embeddings": 100, "quantization_config": {"quant_method": "hqq"}}""", "does not support")]
    public void FromConfig_BadInput_SaysWhatIsWrong(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ModelSpec.FromHuggingFaceConfig(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfig_NullFields_CountAsAbsent_AsInTransformers()
    {
        var json = Llama8B.Replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": null, \"head_dim\": null", StringComparison.Ordinal);
        var spec = ModelSpec.FromHuggingFaceConfig(json, ModelId.Llama31Instruct8B);
        Assert.Equal(32, spec.Architecture.KvHeads);
        Assert.Equal(128, spec.Architecture.HeadDim);
    }

    [Fact]
    public void RealConfigs_PassValidation()
    {
        // Unedited config.json files of released models (tests/data/calibration/models): validation must not reject them.
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "calibration", "models"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var spec = ModelSpec.FromHuggingFaceConfig(File.ReadAllText(file));
            Assert.True(spec.Architecture.Parameters > 1e9, file);
        }
    }

    [Fact]
    public void CatalogArchitectures_AgreeWithTheirStatedParameterCounts()
    {
        foreach (var model in EmbeddedKnowledgeBase.Catalog.Models)
        {
            var a = model.Architecture;
            var (total, active) = ModelArchitecture.CountParameters(a.Layers, a.HiddenSize, a.AttentionHeads, a.KvHeads, a.HeadDim, a.IntermediateSize,
                a.ExpertIntermediateSize ?? a.IntermediateSize, a.VocabSize, a.Experts, a.ActiveExperts, a.SharedExperts, a.MoeLayerCount, a.TiedEmbeddings);

            // Within 3%: stated counts include vision encoders (Llama 4, Mistral Small 3.1) and biases the shape ignores.
            Assert.True(Math.Abs(total - a.Parameters) / a.Parameters < 0.03, $"{model.Id}: counted {total:E3}, stated {a.Parameters:E3}");
            Assert.True(Math.Abs(active - a.ActiveParameters) / a.ActiveParameters < 0.03, $"{model.Id}: counted active {active:E3}, stated {a.ActiveParameters:E3}");
        }
    }
}
