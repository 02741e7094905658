namespace Compass.Core;

/// <summary>
/// The shape of a decoder-only transformer, as in a Hugging Face <c>config.json</c>: enough to count parameters,
/// FLOPs per token and KV-cache bytes. Mixture-of-experts models set <see cref="Experts"/> and <see cref="ActiveExperts"/>.
/// </summary>
public sealed record ModelArchitecture
{
    /// <summary>Gets the total parameter count (all experts included).</summary>
    public required double Parameters { get; init => field = Guard.PositiveFinite(value, nameof(Parameters)); }

    /// <summary>Gets the parameters used per token (equal to <see cref="Parameters"/> for dense models).</summary>
    public required double ActiveParameters { get; init => field = Guard.PositiveFinite(value, nameof(ActiveParameters)); }

    /// <summary>Gets the number of transformer layers.</summary>
    public required int Layers { get; init => field = Guard.Positive(value, nameof(Layers)); }

    /// <summary>Gets the hidden (model) dimension.</summary>
    public required int HiddenSize { get; init => field = Guard.Positive(value, nameof(HiddenSize)); }

    /// <summary>Gets the number of query attention heads.</summary>
    public required int AttentionHeads { get; init => field = Guard.Positive(value, nameof(AttentionHeads)); }

    /// <summary>Gets the number of key/value heads (fewer than query heads under grouped-query attention).</summary>
    public required int KvHeads { get; init => field = Guard.Positive(value, nameof(KvHeads)); }

    /// <summary>Gets the dimension of one attention head.</summary>
    public required int HeadDim { get; init => field = Guard.Positive(value, nameof(HeadDim)); }

    /// <summary>Gets the feed-forward inner dimension of a dense layer (of one expert for MoE layers when <see cref="ExpertIntermediateSize"/> is unset).</summary>
    public required int IntermediateSize { get; init => field = Guard.Positive(value, nameof(IntermediateSize)); }

    /// <summary>Gets the feed-forward inner dimension of one routed expert, when it differs from <see cref="IntermediateSize"/>.</summary>
    public int? ExpertIntermediateSize { get; init => field = Guard.Positive(value, nameof(ExpertIntermediateSize)); }

    /// <summary>Gets the vocabulary size.</summary>
    public required int VocabSize { get; init => field = Guard.Positive(value, nameof(VocabSize)); }

    /// <summary>Gets the number of routed experts per MoE layer (0 for dense models).</summary>
    public int Experts { get; init => field = Guard.NonNegative(value, nameof(Experts)); }

    /// <summary>Gets the experts each token is routed to (0 for dense models).</summary>
    public int ActiveExperts { get; init => field = Guard.NonNegative(value, nameof(ActiveExperts)); }

    /// <summary>Gets the shared (always active) experts per MoE layer.</summary>
    public int SharedExperts { get; init => field = Guard.NonNegative(value, nameof(SharedExperts)); }

    /// <summary>Gets how many of the layers are MoE layers (all of them when unset on an MoE model).</summary>
    public int? MoeLayers { get; init => field = value is null ? null : Guard.NonNegative(value.Value, nameof(MoeLayers)); }

    /// <summary>Gets the longest context the model supports, in tokens.</summary>
    public required int MaxContext { get; init => field = Guard.Positive(value, nameof(MaxContext)); }

    /// <summary>Gets whether the input embedding and the LM head share weights.</summary>
    public bool TiedEmbeddings { get; init; }

    /// <summary>Gets whether this is a mixture-of-experts model.</summary>
    public bool IsMoe => Experts > 1;

    /// <summary>Gets the number of MoE layers (0 for dense models).</summary>
    public int MoeLayerCount => IsMoe ? Math.Min(Layers, MoeLayers ?? Layers) : 0;

    /// <summary>Gets the KV-cache size of one token across all layers, in bytes, for an element size in bytes (2 for BF16, 1 for FP8).</summary>
    /// <param name="bytesPerElement">Bytes per cached element.</param>
    /// <returns>Bytes per token.</returns>
    public double KvBytesPerToken(double bytesPerElement) => 2.0 * Layers * KvHeads * HeadDim * bytesPerElement;

    /// <summary>
    /// Counts parameters from the shape: embeddings (and an untied LM head), attention projections, gated feed-forward
    /// blocks (three matrices), routed and shared experts and routers. Norms and biases are ignored (&lt; 0.1%).
    /// </summary>
    /// <param name="layers">Layers.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">KV heads.</param>
    /// <param name="headDim">Head dimension.</param>
    /// <param name="intermediate">Dense feed-forward size.</param>
    /// <param name="expertIntermediate">Expert feed-forward size.</param>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="experts">Routed experts per MoE layer (0 for dense).</param>
    /// <param name="activeExperts">Routed experts per token.</param>
    /// <param name="sharedExperts">Shared experts per MoE layer.</param>
    /// <param name="moeLayers">MoE layers.</param>
    /// <param name="tied">Whether embeddings are tied.</param>
    /// <returns>The total and the per-token active parameter counts.</returns>
    internal static (double Total, double Active) CountParameters(
        int layers, int hidden, int heads, int kvHeads, int headDim, int intermediate, int expertIntermediate, int vocab,
        int experts, int activeExperts, int sharedExperts, int moeLayers, bool tied)
    {
        double attention = ((double)hidden * heads * headDim * 2) + ((double)hidden * kvHeads * headDim * 2);
        double dense = 3.0 * hidden * intermediate;
        double expert = 3.0 * hidden * expertIntermediate;
        double embeddings = (double)vocab * hidden * (tied ? 1 : 2);
        var denseLayers = layers - moeLayers;
        var total = embeddings + (layers * attention) + (denseLayers * dense)
            + (moeLayers * ((experts + sharedExperts) * expert + ((double)hidden * experts)));
        var active = embeddings + (layers * attention) + (denseLayers * dense)
            + (moeLayers * ((activeExperts + sharedExperts) * expert + ((double)hidden * experts)));
        return (total, active);
    }

    /// <summary>Checks that the shape is internally consistent.</summary>
    /// <exception cref="ArgumentException">A rule is broken.</exception>
    public void Validate()
    {
        if (AttentionHeads % KvHeads != 0)
        {
            throw new ArgumentException($"Attention heads ({AttentionHeads}) must be a multiple of KV heads ({KvHeads}).");
        }

        if (ActiveParameters > Parameters * 1.0001)
        {
            throw new ArgumentException($"Active parameters ({ActiveParameters:E3}) cannot exceed total parameters ({Parameters:E3}).");
        }

        if (IsMoe && (ActiveExperts < 1 || ActiveExperts > Experts))
        {
            throw new ArgumentException($"An MoE model must route each token to between 1 and {Experts} experts (got {ActiveExperts}).");
        }
    }
}
