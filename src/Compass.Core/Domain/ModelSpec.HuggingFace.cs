using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Field = Compass.Core.ModelConfigField;

namespace Compass.Core;

public sealed partial record ModelSpec
{
    private static readonly FrozenSet<string> KnownDtypes = FrozenSet.Create(
        StringComparer.Ordinal, "bfloat16", "float16", "float32", "float8_e4m3fn", "float8_e5m2", "auto");

    /// <summary>
    /// Builds a spec from a Hugging Face <c>config.json</c>, so that any decoder-only model can be planned for. Reads
    /// the common field names (Llama, Qwen, Mistral, Mixtral, Granite, Phi, gpt-oss, Llama 4 and DeepSeek style,
    /// including a nested <c>text_config</c>), counts parameters from the shape, and derives the checkpoint's format
    /// from <c>quantization_config</c>. The model has no quality scores: none can be read from a config.
    /// </summary>
    /// <remarks>
    /// Every field read is checked before any arithmetic: present where required, of the right JSON type, whole where
    /// it is a count, within <see cref="ModelConfigLimits"/>, and consistent with the others (heads divide the hidden
    /// size when there is no <c>head_dim</c>, key/value heads divide the query heads, an MoE model routes each token to
    /// between 1 and all of its experts). A field set to <c>null</c> counts as absent, as in Transformers.
    /// </remarks>
    /// <param name="json">The contents of <c>config.json</c>.</param>
    /// <param name="id">The repository id; when null, the config's <c>_name_or_path</c> is used.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The text is empty or not a JSON object, or a field is missing, of the wrong type, out of range or inconsistent;
    /// the one-line message names the field, gives its value and says how to fix it.
    /// </exception>
    public static ModelSpec FromHuggingFaceConfig(string json, ModelId? id = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new FormatException("The model config is empty; pass the model's config.json (from its Hugging Face repository).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The model config is not valid JSON: {OneLine(ex.Message)}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The model config must be a JSON object (the contents of config.json), but it is {ModelConfigScope.Describe(root)}.");
            }

            try
            {
                return Read(new ModelConfigScope(root, string.Empty), id);
            }
            catch (ArgumentException ex) when (ex is not ArgumentNullException)
            {
                // Every rule of the domain types is checked above; this only keeps a missed one a bad-input error.
                throw new FormatException($"The model config is inconsistent: {OneLine(ex.Message)}", ex);
            }
        }
    }

    private static ModelSpec Read(ModelConfigScope top, ModelId? id)
    {
        var text = top.Object("text_config") ?? top;
        var modelId = id is { Value.Length: > 0 } given ? given : NameOf(top);
        var modelType = (text.Text("model_type") ?? top.Text("model_type"))?.Value;
        var isLlama4 = modelType is "llama4_text";
        if (top.Text("torch_dtype", "dtype") is var (dtype, dtypePath) && !KnownDtypes.Contains(dtype))
        {
            throw ModelConfigScope.Error(dtypePath, $"is '{Shorten(dtype)}', which is not a weight type Compass knows; use one of {string.Join(", ", KnownDtypes.Order(StringComparer.Ordinal))}.");
        }

        var layers = Required(text, Field.Layers);
        var hidden = Required(text, Field.HiddenSize);
        var heads = Required(text, Field.AttentionHeads);
        var kvHeads = text.Integer(Field.KvHeads) ?? (text.Flag("multi_query") == true ? (1, "multi_query") : heads);
        if (kvHeads.Value > heads.Value)
        {
            throw ModelConfigScope.Error(kvHeads.Path, Invariant($"is {kvHeads.Value}, more than '{heads.Path}' ({heads.Value}); a layer has at most one key/value head per query head."));
        }

        if (heads.Value % kvHeads.Value != 0)
        {
            throw ModelConfigScope.Error(heads.Path, Invariant($"({heads.Value}) is not a multiple of '{kvHeads.Path}' ({kvHeads.Value}); grouped-query attention shares each key/value head among an equal number of query heads."));
        }

        var headDim = text.Integer(Field.HeadDim)?.Value ?? (hidden.Value % heads.Value == 0
            ? hidden.Value / heads.Value
            : throw ModelConfigScope.Error(hidden.Path, Invariant($"({hidden.Value}) is not a multiple of '{heads.Path}' ({heads.Value}) and there is no 'head_dim'; add head_dim or correct one of the two.")));
        var vocab = (text.Integer(Field.VocabSize) ?? top.Integer(Field.VocabSize) ?? throw Missing(Field.VocabSize)).Value;
        var context = (text.Integer(Field.Context) ?? top.Integer(Field.Context) ?? throw Missing(Field.Context)).Value;
        var intermediate = (isLlama4 ? text.Integer(Field.DenseIntermediate) : null) ?? text.Integer(Field.Intermediate);
        // Only the GPT-2 family defines a missing feed-forward size (n_inner: null means 4 × hidden); elsewhere it is an error.
        var dense = intermediate?.Value
            ?? (modelType is "gpt2" or "gpt_bigcode" or "gpt_neo" or "gptj" ? 4 * hidden.Value : throw Missing(Field.Intermediate));
        var tied = text.Flag("tie_word_embeddings") ?? top.Flag("tie_word_embeddings") ?? false;

        var experts = text.Integer(Field.Experts)?.Value ?? 0;
        var moe = experts > 1 ? ReadExperts(text, layers, experts, isLlama4, dense) : default;
        var (total, active) = ModelArchitecture.CountParameters(
            layers.Value, hidden.Value, heads.Value, kvHeads.Value, headDim, dense, moe.ExpertIntermediate, vocab,
            moe.Experts, moe.Active, moe.Shared, moe.Layers, tied);
        if (total > ModelConfigLimits.MaxParameters)
        {
            throw new FormatException(Invariant(
                $"The model config's sizes add up to {total:0.##E+0} parameters, more than the {ModelConfigLimits.MaxParameters / 1e12:0} trillion of any plausible model; check {hidden.Path}, {intermediate?.Path ?? Field.Intermediate.Name}, {Field.VocabSize.Name} and the expert counts."));
        }

        var architecture = new ModelArchitecture
        {
            Parameters = total,
            ActiveParameters = active,
            Layers = layers.Value,
            HiddenSize = hidden.Value,
            AttentionHeads = heads.Value,
            KvHeads = kvHeads.Value,
            HeadDim = headDim,
            IntermediateSize = dense,
            ExpertIntermediateSize = moe.Experts > 1 && moe.ExpertIntermediate != dense ? moe.ExpertIntermediate : null,
            VocabSize = vocab,
            Experts = moe.Experts,
            ActiveExperts = moe.Active,
            SharedExperts = moe.Shared,
            MoeLayers = moe.Experts > 1 ? moe.Layers : null,
            MaxContext = context,
            TiedEmbeddings = tied,
        };
        architecture.Validate();

        var embeddingParameters = (double)vocab * hidden.Value * (tied ? 1 : 2);
        var expertParameters = moe.Layers * moe.Experts * 3.0 * hidden.Value * moe.ExpertIntermediate;
        var format = ReadFormat(top, modelId, total, embeddingParameters, expertParameters);
        var spec = new ModelSpec
        {
            Id = modelId,
            DisplayName = modelId.Name,
            Family = modelType ?? "unknown",
            Provider = modelId.Value.Contains('/', StringComparison.Ordinal) ? modelId.Value[..modelId.Value.IndexOf('/', StringComparison.Ordinal)] : "unknown",
            License = "unknown (not in config.json; check the model card)",
            Architecture = architecture,
            Quantizations = [format],
            Source = "Hugging Face config.json supplied by the user; parameters counted from the shape",
        };
        spec.Validate();
        return spec;
    }

    private static ModelId NameOf(ModelConfigScope top)
    {
        var (name, path) = top.Text("_name_or_path")
            ?? throw new FormatException("The model config has no _name_or_path; give the model id (org/name) with the config.");
        try
        {
            return ModelId.Parse(name);
        }
        catch (FormatException)
        {
            throw ModelConfigScope.Error(path, $"('{Shorten(name)}') is not a model id (org/name without spaces); give the model id (org/name) with the config.");
        }
    }

    private static MoeShape ReadExperts(ModelConfigScope text, (int Value, string Path) layers, int experts, bool isLlama4, int dense)
    {
        var active = text.Integer(Field.ActiveExperts) ?? throw Missing(Field.ActiveExperts);
        if (active.Value > experts)
        {
            throw ModelConfigScope.Error(active.Path, Invariant($"is {active.Value}, more than the {experts} routed experts; a token is routed to at most all of them."));
        }

        var shared = text.Integer(Field.SharedExperts)?.Value ?? (isLlama4 ? 1 : 0);
        var expertIntermediate = text.Integer(Field.ExpertIntermediate)?.Value ?? (isLlama4 ? text.Integer(Field.Intermediate)?.Value : null) ?? dense;
        int moeLayers;
        if (text.Integer(Field.MoeLayerStep) is var (step, stepPath))
        {
            moeLayers = step <= layers.Value
                ? layers.Value / step
                : throw ModelConfigScope.Error(stepPath, Invariant($"is {step}, more than '{layers.Path}' ({layers.Value}); no layer would be an MoE layer."));
        }
        else
        {
            var leading = text.Integer(Field.LeadingDenseLayers);
            moeLayers = leading is var (k, kPath) && k >= layers.Value
                ? throw ModelConfigScope.Error(kPath, Invariant($"is {k}, but the model has {layers.Value} layers ('{layers.Path}'); no layer would be an MoE layer."))
                : layers.Value - (leading?.Value ?? 0);
        }

        return new MoeShape(experts, active.Value, shared, expertIntermediate, moeLayers);
    }

    private static QuantizationOption ReadFormat(ModelConfigScope top, ModelId id, double total, double embeddings, double expertParameters)
    {
        if (top.Object("quantization_config") is not { } config)
        {
            return new QuantizationOption { Quantization = Quantization.Bf16, BytesPerWeight = 2.0, Repository = id };
        }

        var (methodText, methodPath) = config.Text("quant_method")
            ?? throw new FormatException("The model config's 'quantization_config' has no 'quant_method'; add it (fp8, mxfp4, gptq, awq, compressed-tensors) or remove quantization_config for a 16-bit checkpoint.");
        var method = methodText.ToLowerInvariant();
        var (quantization, bits) = method switch
        {
            "fp8" or "fbgemm_fp8" => (Quantization.Fp8, 8.0),
            "mxfp4" => (Quantization.MxFp4, 4.25),
            "gptq" or "awq" or "marlin" => (Quantization.W4A16, IntegerBits(config) + 0.125),
            "compressed-tensors" => CompressedTensors(config),
            "bitsandbytes" => (Quantization.W4A16, 4.125),
            _ => throw ModelConfigScope.Error(methodPath,
                $"is '{Shorten(method)}', which Compass does not support. Supported: fp8, fbgemm_fp8, mxfp4, gptq, awq, marlin, compressed-tensors, bitsandbytes."),
        };

        // Quantized checkpoints keep embeddings and the LM head in 16 bits; MXFP4 checkpoints quantize only the experts.
        var quantized = quantization == Quantization.MxFp4 && expertParameters > 0 ? expertParameters : total - embeddings;
        var bytes = ((quantized * bits / 8) + ((total - quantized) * 2)) / total;
        return new QuantizationOption { Quantization = quantization, BytesPerWeight = Math.Round(bytes, 3), Repository = id };
    }

    private static int IntegerBits(ModelConfigScope config)
    {
        var bits = config.Integer(Field.QuantizationBits);
        return bits is var (value, path) && value is not (2 or 3 or 4 or 8)
            ? throw ModelConfigScope.Error(path, Invariant($"is {value}; GPTQ and AWQ checkpoints use 2, 3, 4 or 8 bits."))
            : bits?.Value ?? 4;
    }

    private static (Quantization, double) CompressedTensors(ModelConfigScope config)
    {
        foreach (var group in config.Object("config_groups")?.Objects() ?? [])
        {
            if (group.Object("weights") is { } weights)
            {
                var bits = weights.Integer(Field.WeightBits)?.Value ?? 8;
                var type = weights.Text("type")?.Value ?? "int";
                var hasActivations = group.Object("input_activations") is not null;
                return (bits, type, hasActivations) switch
                {
                    (8, "float", _) => (Quantization.Fp8, 8.0),
                    (8, _, true) => (Quantization.W8A8, 8.0),
                    (4, _, _) => (Quantization.W4A16, 4.125),
                    _ => throw new FormatException(Invariant(
                        $"The model config's compressed-tensors group '{weights.Prefix.TrimEnd('.')}' has {bits}-bit {Shorten(type)} weights, which Compass does not support (8-bit float, 8-bit int with activations, or 4-bit).")),
                };
            }
        }

        throw new FormatException("The model config's compressed-tensors 'quantization_config' has no config_groups with weights; cannot tell the format.");
    }

    private static (int Value, string Path) Required(ModelConfigScope scope, ModelConfigField field)
        => scope.Integer(field) ?? throw Missing(field);

    private static FormatException Missing(ModelConfigField field)
        => new($"The model config lacks '{field.Name}' ({field.Meaning}; looked in the top level and in text_config); add it from the model's config.json. Is this a decoder-only LLM's config?");

    private static string Shorten(string text)
    {
        var clean = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return clean.Length <= 40 ? clean : clean[..40] + "…";
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // The mixture-of-experts part of the shape; all zero (default) for a dense model.
    private readonly record struct MoeShape(int Experts, int Active, int Shared, int ExpertIntermediate, int Layers);
}
