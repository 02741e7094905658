namespace Compass.Core;

/// <summary>One weight format a model is available in, and the checkpoint that provides it.</summary>
public sealed record QuantizationOption
{
    /// <summary>Gets the format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the average bytes per parameter of the checkpoint, including the layers it leaves unquantized (embeddings, LM head, scales).</summary>
    public required double BytesPerWeight { get; init => field = Guard.PositiveFinite(value, nameof(BytesPerWeight)); }

    /// <summary>Gets the Hugging Face repository that serves this format.</summary>
    public required ModelId Repository { get; init; }

    /// <summary>Gets other ids the checkpoint is known by (e.g. the lower-case ids of upstream benchmark tables).</summary>
    public System.Collections.Immutable.ImmutableArray<string> Aliases { get => field.IsDefault ? [] : field; init; } = [];
}

/// <summary>A model's quality for one use case on a 0–100 scale, with where the number comes from.</summary>
public sealed record QualityScore
{
    /// <summary>Gets the score, 0–100.</summary>
    public required double Score
    {
        get;
        init => field = value is >= 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(Score), value, "A quality score must be in [0, 100].");
    }

    /// <summary>Gets the source of the score (benchmarks used, weights, any proxy).</summary>
    public required string Source { get; init; }
}
