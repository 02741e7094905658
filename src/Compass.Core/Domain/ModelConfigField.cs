using static Compass.Core.ModelConfigLimits;

namespace Compass.Core;

/// <summary>An integer field of a Hugging Face <c>config.json</c>: what it means, its plausible range and the names it goes by.</summary>
/// <param name="Meaning">What the value is, for messages (<c>the number of transformer layers</c>).</param>
/// <param name="Min">The smallest valid value.</param>
/// <param name="Max">The largest plausible value.</param>
/// <param name="Names">The names it goes by, the usual one first (Llama, then GPT-2 and other spellings).</param>
internal sealed record ModelConfigField(string Meaning, int Min, int Max, params string[] Names)
{
    public static readonly ModelConfigField Layers = new("the number of transformer layers", 1, MaxLayers, "num_hidden_layers", "n_layer", "num_layers");

    public static readonly ModelConfigField HiddenSize = new("the hidden size", 1, MaxHiddenSize, "hidden_size", "n_embd", "d_model");

    public static readonly ModelConfigField AttentionHeads = new("the number of query heads per layer", 1, MaxAttentionHeads, "num_attention_heads", "n_head");

    public static readonly ModelConfigField KvHeads = new("the number of key/value heads per layer", 1, MaxAttentionHeads, "num_key_value_heads", "num_kv_heads");

    public static readonly ModelConfigField HeadDim = new("the dimension of one attention head", 1, MaxHeadDim, "head_dim");

    public static readonly ModelConfigField VocabSize = new("the vocabulary size", 1, MaxVocabSize, "vocab_size");

    public static readonly ModelConfigField Context = new("the context length in tokens", 1, MaxContext, "max_position_embeddings", "n_positions", "max_sequence_length", "seq_length");

    public static readonly ModelConfigField Intermediate = new("the feed-forward size", 1, MaxIntermediateSize, "intermediate_size", "ffn_dim", "n_inner");

    public static readonly ModelConfigField DenseIntermediate = new("the feed-forward size of the dense layers", 1, MaxIntermediateSize, "intermediate_size_mlp");

    public static readonly ModelConfigField ExpertIntermediate = new("the feed-forward size of one expert", 1, MaxIntermediateSize, "moe_intermediate_size");

    public static readonly ModelConfigField Experts = new("the number of routed experts per layer, 0 or 1 for a dense model", 0, MaxExperts, "num_local_experts", "num_experts", "n_routed_experts");

    public static readonly ModelConfigField ActiveExperts = new("the number of experts each token is routed to", 1, MaxExperts, "num_experts_per_tok", "moe_top_k", "experts_per_token");

    public static readonly ModelConfigField SharedExperts = new("the number of shared experts per layer", 0, MaxSharedExperts, "n_shared_experts");

    public static readonly ModelConfigField MoeLayerStep = new("the step between MoE layers", 1, MaxLayers, "interleave_moe_layer_step");

    public static readonly ModelConfigField LeadingDenseLayers = new("the number of dense layers before the first MoE layer", 0, MaxLayers, "first_k_dense_replace");

    public static readonly ModelConfigField QuantizationBits = new("the bits per quantized weight", 2, 8, "bits");

    public static readonly ModelConfigField WeightBits = new("the bits per quantized weight", 1, 32, "num_bits");

    /// <summary>Gets the usual name.</summary>
    public string Name => Names[0];
}
