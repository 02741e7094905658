namespace Compass.Core.Knowledge;

/// <summary>A model found by name, and the format the name pointed at when it named a quantized checkpoint.</summary>
/// <param name="Spec">The model.</param>
/// <param name="Format">The format named, or <see langword="null"/> when the name was the model's own.</param>
public sealed record ModelMatch(ModelSpec Spec, QuantizationOption? Format);
