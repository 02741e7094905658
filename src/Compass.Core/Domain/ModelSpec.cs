using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>A model Compass can plan for: its architecture, the formats it ships in, its license and its quality per use case.</summary>
public sealed partial record ModelSpec
{
    /// <summary>Gets the id (the Hugging Face repository of the unquantized checkpoint).</summary>
    public required ModelId Id { get; init; }

    /// <summary>Gets a human name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets the model family (<c>llama-3.1</c>, <c>qwen2.5</c>…).</summary>
    public required string Family { get; init; }

    /// <summary>Gets the publisher.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the license name.</summary>
    public required string License { get; init; }

    /// <summary>Gets the architecture.</summary>
    public required ModelArchitecture Architecture { get; init; }

    /// <summary>Gets the formats the model is available in; the first is the native one.</summary>
    public required ImmutableArray<QuantizationOption> Quantizations { get; init; }

    /// <summary>Gets the quality per use case (0–100) with sources; a missing use case means no data.</summary>
    public ImmutableDictionary<UseCase, QualityScore> Quality { get => field ?? ImmutableDictionary<UseCase, QualityScore>.Empty; init; } = ImmutableDictionary<UseCase, QualityScore>.Empty;

    /// <summary>Gets what else people call the model (<c>llama-3.1-8b</c>, <c>llama 3.1 8b</c>).</summary>
    public ImmutableArray<string> Aliases { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets the domains the model is specialized or strong in (<c>code</c>, <c>multilingual</c>…).</summary>
    public ImmutableArray<string> Domains { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets where the architecture and license come from.</summary>
    public string Source { get => field ?? string.Empty; init; } = string.Empty;

    /// <summary>Gets the native (first) format.</summary>
    public QuantizationOption NativeFormat => Quantizations[0];

    /// <summary>Gets the option for a format, or <see langword="null"/> when the model is not available in it.</summary>
    /// <param name="quantization">The format.</param>
    /// <returns>The option or <see langword="null"/>.</returns>
    public QuantizationOption? FindFormat(Quantization quantization)
        => Quantizations.FirstOrDefault(q => q.Quantization == quantization);

    /// <summary>Gets the weight bytes of the whole model in a format.</summary>
    /// <param name="quantization">The format.</param>
    /// <returns>Bytes.</returns>
    /// <exception cref="ArgumentException">The model is not available in that format.</exception>
    public double WeightBytes(Quantization quantization)
        => (FindFormat(quantization) ?? throw new ArgumentException($"{Id} is not available as {quantization}.", nameof(quantization))).BytesPerWeight
            * Architecture.Parameters;

    /// <summary>Gets the quality score for a use case, or <see langword="null"/> when there is no data.</summary>
    /// <param name="useCase">The use case.</param>
    /// <returns>The score or <see langword="null"/>.</returns>
    public QualityScore? QualityFor(UseCase useCase) => Quality.GetValueOrDefault(useCase);

    /// <summary>Checks the spec's internal consistency.</summary>
    /// <exception cref="ArgumentException">A rule is broken.</exception>
    public void Validate()
    {
        Architecture.Validate();
        if (Quantizations.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"{Id} lists no weight format.");
        }

        if (Quantizations.Select(q => q.Quantization).Distinct().Count() != Quantizations.Length)
        {
            throw new ArgumentException($"{Id} lists a weight format twice.");
        }
    }
}
