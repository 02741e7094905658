using Compass.Core;

namespace Compass.Planning.Engine;

/// <summary>
/// A model's parameters split the way a step uses them: linear layers every token runs (attention projections, dense
/// MLPs, shared experts, routers), routed experts (a token runs only its active ones), the LM head (run once per sampled
/// sequence) and the input embedding (a lookup, no FLOPs).
/// </summary>
/// <param name="DenseLinearParameters">Parameters every token multiplies through, excluding the LM head.</param>
/// <param name="RoutedExpertParameters">All routed-expert parameters (0 for a dense model).</param>
/// <param name="ActiveRoutedExpertParameters">Routed-expert parameters one token uses.</param>
/// <param name="LmHeadParameters">The vocabulary projection.</param>
internal readonly record struct ModelShape(double DenseLinearParameters, double RoutedExpertParameters, double ActiveRoutedExpertParameters, double LmHeadParameters)
{
    /// <summary>Gets the linear parameters one token multiplies through (excluding the LM head).</summary>
    public double ActiveLinearParameters => DenseLinearParameters + ActiveRoutedExpertParameters;

    public static ModelShape Of(ModelArchitecture a)
    {
        var embedding = (double)a.VocabSize * a.HiddenSize;
        var lmHead = embedding;
        var nonEmbedding = Math.Max(0, a.Parameters - embedding - (a.TiedEmbeddings ? 0 : lmHead));
        var activeNonEmbedding = Math.Max(0, a.ActiveParameters - embedding - (a.TiedEmbeddings ? 0 : lmHead));
        if (!a.IsMoe || a.ActiveExperts >= a.Experts)
        {
            return new ModelShape(activeNonEmbedding, 0, 0, lmHead);
        }

        // total − active = (E − k) experts' worth per MoE layer, so all routed experts = (total − active) × E ÷ (E − k).
        var routed = (a.Parameters - a.ActiveParameters) * a.Experts / (a.Experts - a.ActiveExperts);
        var activeRouted = routed * a.ActiveExperts / a.Experts;
        var dense = Math.Max(0, nonEmbedding - routed);
        return new ModelShape(dense, routed, activeRouted, lmHead);
    }
}
