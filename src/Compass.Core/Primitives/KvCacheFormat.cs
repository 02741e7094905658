using System.Collections.Frozen;
using System.ComponentModel;
using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>
/// How vLLM stores the KV cache (its <c>--kv-cache-dtype</c>): <see cref="Auto"/> (the model's own 16-bit dtype),
/// <see cref="Bf16"/>, <see cref="Fp16"/> or <see cref="Fp8"/>. It decides the bytes per cached element the memory and
/// step-time models take (<see cref="BytesPerElement"/>). Written with vLLM's spelling (<c>auto</c>, <c>bfloat16</c>,
/// <c>float16</c>, <c>fp8</c>) and read from any of vLLM's names (<see cref="Parse"/>). The default value is <see cref="Auto"/>.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<KvCacheFormat>))]
[TypeConverter(typeof(KvCacheFormatTypeConverter))]
public readonly struct KvCacheFormat : IStringValue<KvCacheFormat>, IEquatable<KvCacheFormat>
{
    private static readonly FrozenDictionary<string, KvCacheFormat> Aliases = new Dictionary<string, KvCacheFormat>(StringComparer.Ordinal)
    {
        ["auto"] = Auto,
        ["bfloat16"] = Bf16, ["bf16"] = Bf16,
        ["float16"] = Fp16, ["fp16"] = Fp16, ["half"] = Fp16,
        ["fp8"] = Fp8, ["fp8_e4m3"] = Fp8, ["fp8_e5m2"] = Fp8,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly Kind _kind;

    private KvCacheFormat(Kind kind) => _kind = kind;

    private enum Kind : byte
    {
        Auto,
        Bf16,
        Fp16,
        Fp8,
    }

    /// <summary>Gets the model's own 16-bit dtype (BF16 or FP16), vLLM's default: 2 bytes per element.</summary>
    public static KvCacheFormat Auto => default;

    /// <summary>Gets BF16: 2 bytes per element.</summary>
    public static KvCacheFormat Bf16 => new(Kind.Bf16);

    /// <summary>Gets FP16: 2 bytes per element.</summary>
    public static KvCacheFormat Fp16 => new(Kind.Fp16);

    /// <summary>Gets FP8 (E4M3 or E5M2): 1 byte per element, twice the tokens in the same memory.</summary>
    public static KvCacheFormat Fp8 => new(Kind.Fp8);

    /// <summary>Gets the four formats.</summary>
    public static IReadOnlyList<KvCacheFormat> WellKnown { get; } = [Auto, Bf16, Fp16, Fp8];

    /// <summary>Gets the names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Aliases.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Gets vLLM's name of the format: <c>auto</c>, <c>bfloat16</c>, <c>float16</c> or <c>fp8</c>.</summary>
    public string Value => _kind switch
    {
        Kind.Bf16 => "bfloat16",
        Kind.Fp16 => "float16",
        Kind.Fp8 => "fp8",
        _ => "auto",
    };

    /// <summary>Gets the bytes of one cached key or value element: 1 for <see cref="Fp8"/>, 2 for the 16-bit formats.</summary>
    public int BytesPerElement => IsFp8 ? 1 : 2;

    /// <summary>Gets whether the cache is FP8.</summary>
    public bool IsFp8 => _kind == Kind.Fp8;

    /// <summary>
    /// Reads a vLLM <c>--kv-cache-dtype</c> value in any case: <c>auto</c>; <c>bfloat16</c>/<c>bf16</c>;
    /// <c>float16</c>/<c>fp16</c>/<c>half</c>; <c>fp8</c>, <c>fp8_e4m3</c>, <c>fp8_e5m2</c> (all <see cref="Fp8"/>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The format.</returns>
    /// <exception cref="FormatException">The text is not a KV-cache format.</exception>
    public static KvCacheFormat Parse(string text)
        => TryParse(text, out var format)
            ? format
            : throw new FormatException($"'{text}' is not a KV-cache dtype. Use auto (the model's 16-bit dtype), bfloat16, float16, fp8, fp8_e4m3 or fp8_e5m2.");

    /// <summary>Reads a vLLM <c>--kv-cache-dtype</c> value, as <see cref="Parse"/> does, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="format">The format, when the text is one.</param>
    /// <returns><see langword="true"/> when the text names a format.</returns>
    public static bool TryParse(string? text, out KvCacheFormat format)
        => Aliases.TryGetValue((text ?? string.Empty).Trim().ToLowerInvariant(), out format);

    /// <inheritdoc />
    public bool Equals(KvCacheFormat other) => _kind == other._kind;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is KvCacheFormat other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)_kind;

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two formats for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(KvCacheFormat left, KvCacheFormat right) => left.Equals(right);

    /// <summary>Compares two formats for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(KvCacheFormat left, KvCacheFormat right) => !left.Equals(right);
}
