using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Compass.Core;

public sealed partial record ModelSpec
{
    /// <summary>
    /// Builds a spec from a Hugging Face <c>config.json</c>, so that any decoder-only model can be planned for. Reads
    /// the common field names (Llama, Qwen, Mistral, Mixtral, Granite, Phi, gpt-oss, Llama 4 and DeepSeek style,
    /// including a nested <c>text_config</c>), counts parameters from the shape, and derives the checkpoint's format
    /// from <c>quantization_config</c>. The model has no quality scores: none can be read from a config.
    /// </summary>
    /// <param name="json">The contents of <c>config.json</c>.</param>
    /// <param name="id">The repository id; when null, the config's <c>_name_or_path</c> is used.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="FormatException">The JSON is invalid, lacks a required field, or has an out-of-range value; the message names the field.</exception>
    public static ModelSpec FromHuggingFaceConfig(string json, ModelId? id = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The model config is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The model config must be a JSON object (the contents of config.json).");
            }

            var text = root.TryGetProperty("text_config", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
            var name = id?.Value ?? String(root, "_name_or_path")
                ?? throw new FormatException("The model config has no _name_or_path; pass the model id (e.g. --model org/name).");
            var modelId = ModelId.Parse(name);

            var layers = Int(text, "num_hidden_layers", "n_layer", "num_layers") ?? throw Missing("num_hidden_layers");
            var hidden = Int(text, "hidden_size", "n_embd", "d_model") ?? throw Missing("hidden_size");
            var heads = Int(text, "num_attention_heads", "n_head") ?? throw Missing("num_attention_heads");
            var kvHeads = Int(text, "num_key_value_heads", "num_kv_heads") ?? (Bool(text, "multi_query") == true ? 1 : heads);
            var headDim = Int(text, "head_dim") ?? (hidden % heads == 0 ? hidden / heads : throw Missing("head_dim"));
            var vocab = Int(text, "vocab_size") ?? Int(root, "vocab_size") ?? throw Missing("vocab_size");
            var context = Int(text, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length")
                ?? Int(root, "max_position_embeddings") ?? throw Missing("max_position_embeddings");
            var experts = Int(text, "num_local_experts", "num_experts", "n_routed_experts") ?? 0;
            var activeExperts = experts > 1 ? Int(text, "num_experts_per_tok", "moe_top_k", "experts_per_token") ?? throw Missing("num_experts_per_tok") : 0;
            var shared = Int(text, "n_shared_experts") ?? (String(text, "model_type") is "llama4_text" ? 1 : 0);
            var isLlama4 = String(text, "model_type") is "llama4_text";
            var intermediate = (isLlama4 ? Int(text, "intermediate_size_mlp") : null) ?? Int(text, "intermediate_size", "ffn_dim", "n_inner") ?? 4 * hidden;
            var expertIntermediate = Int(text, "moe_intermediate_size") ?? (isLlama4 ? Int(text, "intermediate_size") : null) ?? intermediate;
            var moeLayers = experts > 1
                ? (Int(text, "interleave_moe_layer_step") is int step and > 0 ? layers / step : layers - (Int(text, "first_k_dense_replace") ?? 0))
                : 0;
            var tied = Bool(text, "tie_word_embeddings") ?? Bool(root, "tie_word_embeddings") ?? false;

            if (new[] { layers, hidden, heads, kvHeads, headDim, vocab, context, intermediate, expertIntermediate }.Any(v => v <= 0))
            {
                throw new FormatException("The model config has a zero or negative dimension; check layers, sizes, heads, vocabulary and context.");
            }

            var (total, active) = ModelArchitecture.CountParameters(
                layers, hidden, heads, kvHeads, headDim, intermediate, expertIntermediate, vocab, experts, activeExperts, shared, moeLayers, tied);
            var architecture = new ModelArchitecture
            {
                Parameters = total,
                ActiveParameters = active,
                Layers = layers,
                HiddenSize = hidden,
                AttentionHeads = heads,
                KvHeads = kvHeads,
                HeadDim = headDim,
                IntermediateSize = intermediate,
                ExpertIntermediateSize = experts > 1 && expertIntermediate != intermediate ? expertIntermediate : null,
                VocabSize = vocab,
                Experts = experts > 1 ? experts : 0,
                ActiveExperts = activeExperts,
                SharedExperts = experts > 1 ? shared : 0,
                MoeLayers = experts > 1 ? moeLayers : null,
                MaxContext = context,
                TiedEmbeddings = tied,
            };
            try
            {
                architecture.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"The model config is inconsistent: {ex.Message}", ex);
            }

            var embeddingParameters = (double)vocab * hidden * (tied ? 1 : 2);
            var format = ReadFormat(root, modelId, total, embeddingParameters, experts > 1 ? moeLayers * experts * 3.0 * hidden * expertIntermediate : 0);
            var spec = new ModelSpec
            {
                Id = modelId,
                DisplayName = modelId.Name,
                Family = String(text, "model_type") ?? String(root, "model_type") ?? "unknown",
                Provider = modelId.Value.Contains('/', StringComparison.Ordinal) ? modelId.Value[..modelId.Value.IndexOf('/', StringComparison.Ordinal)] : "unknown",
                License = "unknown (not in config.json; check the model card)",
                Architecture = architecture,
                Quantizations = [format],
                Source = "Hugging Face config.json supplied by the user; parameters counted from the shape",
            };
            spec.Validate();
            return spec;
        }
    }

    private static QuantizationOption ReadFormat(JsonElement root, ModelId id, double total, double embeddings, double expertParameters)
    {
        if (!root.TryGetProperty("quantization_config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            return new QuantizationOption { Quantization = Quantization.Bf16, BytesPerWeight = 2.0, Repository = id };
        }

        var method = (String(config, "quant_method") ?? string.Empty).ToLowerInvariant();
        var (quantization, bits) = method switch
        {
            "fp8" or "fbgemm_fp8" => (Quantization.Fp8, 8.0),
            "mxfp4" => (Quantization.MxFp4, 4.25),
            "gptq" or "awq" or "marlin" => (Quantization.W4A16, (Int(config, "bits") ?? 4) + 0.125),
            "compressed-tensors" => CompressedTensors(config),
            "bitsandbytes" => (Quantization.W4A16, 4.125),
            _ => throw new FormatException(
                $"The model config's quantization_config.quant_method '{method}' is not supported. Supported: fp8, mxfp4, gptq, awq, compressed-tensors."),
        };

        // Quantized checkpoints keep embeddings and the LM head in 16 bits; MXFP4 checkpoints quantize only the experts.
        var quantized = quantization == Quantization.MxFp4 && expertParameters > 0 ? expertParameters : total - embeddings;
        var bytes = ((quantized * bits / 8) + ((total - quantized) * 2)) / total;
        return new QuantizationOption { Quantization = quantization, BytesPerWeight = Math.Round(bytes, 3), Repository = id };
    }

    private static (Quantization, double) CompressedTensors(JsonElement config)
    {
        if (config.TryGetProperty("config_groups", out var groups) && groups.ValueKind == JsonValueKind.Object)
        {
            foreach (var group in groups.EnumerateObject())
            {
                if (group.Value.TryGetProperty("weights", out var weights) && weights.ValueKind == JsonValueKind.Object)
                {
                    var bits = Int(weights, "num_bits") ?? 8;
                    var type = String(weights, "type") ?? "int";
                    var hasActivations = group.Value.TryGetProperty("input_activations", out var acts) && acts.ValueKind == JsonValueKind.Object;
                    return (bits, type, hasActivations) switch
                    {
                        (8, "float", _) => (Quantization.Fp8, 8.0),
                        (8, _, true) => (Quantization.W8A8, 8.0),
                        (4, _, _) => (Quantization.W4A16, 4.125),
                        _ => throw new FormatException($"compressed-tensors with {bits}-bit {type} weights is not supported."),
                    };
                }
            }
        }

        throw new FormatException("The compressed-tensors quantization_config has no config_groups with weights; cannot tell the format.");
    }

    private static FormatException Missing(string field)
        => new($"The model config lacks '{field}' (looked in the top level and in text_config). Is this a decoder-only LLM's config.json?");

    private static int? Int(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                if (value.TryGetInt32(out var result))
                {
                    return result;
                }

                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The model config's '{name}' must be a whole number (got {value.GetRawText()})."));
            }
        }

        return null;
    }

    private static bool? Bool(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
