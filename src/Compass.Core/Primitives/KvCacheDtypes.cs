using System.Collections.Frozen;

namespace Compass.Core;

/// <summary>
/// vLLM's <c>--kv-cache-dtype</c> names, read into the two forms Compass already uses: the canonical name a
/// <see cref="Recommendation.KvCacheDtype"/> holds (<see cref="Auto"/> or <see cref="Fp8"/>) and the bytes per cached
/// element the memory and step-time models take (2 or 1).
/// </summary>
public static class KvCacheDtypes
{
    /// <summary>The model's own 16-bit dtype (BF16 or FP16): 2 bytes per element.</summary>
    public const string Auto = "auto";

    /// <summary>An FP8 KV cache (E4M3 or E5M2): 1 byte per element, twice the tokens in the same memory.</summary>
    public const string Fp8 = "fp8";

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auto"] = Auto, ["bfloat16"] = Auto, ["bf16"] = Auto, ["float16"] = Auto, ["fp16"] = Auto, ["half"] = Auto,
        ["fp8"] = Fp8, ["fp8_e4m3"] = Fp8, ["fp8_e5m2"] = Fp8,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Aliases.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Reads a vLLM <c>--kv-cache-dtype</c> value (any case): <c>auto</c>, <c>bfloat16</c>/<c>bf16</c>,
    /// <c>float16</c>/<c>fp16</c> mean <see cref="Auto"/>; <c>fp8</c>, <c>fp8_e4m3</c>, <c>fp8_e5m2</c> mean <see cref="Fp8"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see cref="Auto"/> or <see cref="Fp8"/>.</returns>
    /// <exception cref="FormatException">The text is not a KV-cache dtype.</exception>
    public static string Parse(string text)
        => Aliases.TryGetValue((text ?? string.Empty).Trim().ToLowerInvariant(), out var canonical)
            ? canonical
            : throw new FormatException($"'{text}' is not a KV-cache dtype. Use auto (the model's 16-bit dtype), fp8, fp8_e4m3 or fp8_e5m2.");

    /// <summary>Gets the bytes of one cached key or value element for a canonical dtype: 1 for <see cref="Fp8"/>, 2 otherwise.</summary>
    /// <param name="dtype">A canonical dtype (<see cref="Auto"/> or <see cref="Fp8"/>).</param>
    /// <returns>1 or 2.</returns>
    public static double BytesPerElement(string dtype) => dtype == Fp8 ? 1 : 2;
}
