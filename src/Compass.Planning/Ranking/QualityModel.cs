using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Ranking;

/// <summary>
/// A model's quality for a use case in a weight format: the catalog's score times the share of quality the format
/// keeps. Red Hat's published evaluations of its quantized checkpoints report about 99.5% recovery for FP8, 99% for
/// W8A8 and 97% for W4A16 on average; MXFP4 is gpt-oss's native format, so its score already includes it. An FP8
/// (E4M3) KV cache is charged 0.2%: vLLM reports no significant loss with it, and the small charge makes the planner
/// prefer a BF16 cache when everything else is equal.
/// </summary>
internal static class QualityModel
{
    /// <summary>Gets the share of the unquantized model's quality a format keeps.</summary>
    /// <param name="quantization">The format.</param>
    /// <returns>A factor in (0, 1].</returns>
    public static double Recovery(Quantization quantization) => quantization.Value switch
    {
        "fp8" => 0.995,
        "w8a8" => 0.99,
        "w4a16" => 0.97,
        _ => 1.0,
    };

    /// <summary>Gets the share of quality an FP8 KV cache keeps.</summary>
    public const double Fp8KvCacheRecovery = 0.998;

    /// <summary>Gets the quality score of a model in a format for a use case, or <see langword="null"/> when the catalog has none.</summary>
    /// <param name="model">The model.</param>
    /// <param name="format">The format.</param>
    /// <param name="useCase">The use case.</param>
    /// <param name="kvCacheDtype">The KV-cache format.</param>
    /// <returns>The score and its source.</returns>
    public static QualityScore? For(ModelSpec model, QuantizationOption format, UseCase useCase, KvCacheFormat kvCacheDtype = default)
    {
        var score = ForFormat(model, format, useCase);
        return score is null || !kvCacheDtype.IsFp8
            ? score
            : score with
            {
                Score = score.Score * Fp8KvCacheRecovery,
                Source = string.Create(CultureInfo.InvariantCulture, $"{score.Source}; × {Fp8KvCacheRecovery} for the FP8 KV cache"),
            };
    }

    private static QualityScore? ForFormat(ModelSpec model, QuantizationOption format, UseCase useCase)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(format);
        if (model.QualityFor(useCase) is not { } score)
        {
            return null;
        }

        if (format.Quantization == model.NativeFormat.Quantization)
        {
            return score;
        }

        var factor = Recovery(format.Quantization);
        return new QualityScore
        {
            Score = score.Score * factor,
            Source = string.Create(CultureInfo.InvariantCulture, $"{score.Source}; × {factor:0.###} for {format.Quantization} (typical quality recovery of quantized checkpoints)"),
        };
    }
}
