namespace Compass.Core;

/// <summary>
/// The plausible range of each size <see cref="ModelSpec.FromHuggingFaceConfig"/> accepts. Every limit is far above
/// any released model (the largest have about 130 layers, a hidden size of 25,600, 512 experts and a 10M-token
/// context), so a value beyond one is a typo or a corrupt file, not a model Compass cannot plan for.
/// </summary>
public static class ModelConfigLimits
{
    /// <summary>The most transformer layers.</summary>
    public const int MaxLayers = 2_048;

    /// <summary>The largest hidden size.</summary>
    public const int MaxHiddenSize = 131_072;

    /// <summary>The most query (and key/value) heads per layer.</summary>
    public const int MaxAttentionHeads = 4_096;

    /// <summary>The largest dimension of one attention head.</summary>
    public const int MaxHeadDim = 2_048;

    /// <summary>The largest feed-forward inner dimension (dense or per expert).</summary>
    public const int MaxIntermediateSize = 1_048_576;

    /// <summary>The largest vocabulary.</summary>
    public const int MaxVocabSize = 16_777_216;

    /// <summary>The longest context, in tokens (2^24; Llama 4 Scout declares 10,485,760).</summary>
    public const int MaxContext = 16_777_216;

    /// <summary>The most routed experts per MoE layer.</summary>
    public const int MaxExperts = 4_096;

    /// <summary>The most shared (always active) experts per MoE layer.</summary>
    public const int MaxSharedExperts = 64;

    /// <summary>The most parameters the sizes may add up to (100 trillion).</summary>
    public const double MaxParameters = 1e14;
}
