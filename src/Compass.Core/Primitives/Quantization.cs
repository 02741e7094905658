using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>
/// A weight format a model is served in: <see cref="Bf16"/> (the unquantized default, also FP16), <see cref="Fp8"/>,
/// <see cref="W8A8"/> (INT8 weights and activations), <see cref="W4A16"/> (4-bit weights, e.g. GPTQ/AWQ) or
/// <see cref="MxFp4"/>. The bytes each weight takes depend on the checkpoint and live on the model spec.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<Quantization>))]
public readonly struct Quantization : IStringValue<Quantization>, IEquatable<Quantization>
{
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bf16"] = "bf16", ["bfloat16"] = "bf16", ["fp16"] = "bf16", ["float16"] = "bf16", ["half"] = "bf16",
        ["none"] = "bf16", ["auto"] = "bf16", ["16bit"] = "bf16",
        ["fp8"] = "fp8", ["fp8dynamic"] = "fp8", ["fp8e4m3"] = "fp8", ["float8"] = "fp8", ["8bitfloat"] = "fp8",
        ["w8a8"] = "w8a8", ["int8"] = "w8a8", ["w8a8int8"] = "w8a8", ["int8w8a8"] = "w8a8",
        ["w4a16"] = "w4a16", ["int4"] = "w4a16", ["gptq"] = "w4a16", ["awq"] = "w4a16", ["4bit"] = "w4a16",
        ["mxfp4"] = "mxfp4",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly string? _value;

    /// <summary>Initializes a new instance with a canonical name, taken as given.</summary>
    /// <param name="value">The name.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public Quantization(string value) => _value = Guard.NotBlank(value).Trim().ToLowerInvariant();

    /// <summary>Unquantized 16-bit weights (BF16 or FP16).</summary>
    public static Quantization Bf16 { get; } = new("bf16");

    /// <summary>FP8 (E4M3) weights and activations.</summary>
    public static Quantization Fp8 { get; } = new("fp8");

    /// <summary>INT8 weights and activations.</summary>
    public static Quantization W8A8 { get; } = new("w8a8");

    /// <summary>4-bit integer weights with 16-bit activations.</summary>
    public static Quantization W4A16 { get; } = new("w4a16");

    /// <summary>Microscaling FP4 weights (gpt-oss's native format).</summary>
    public static Quantization MxFp4 { get; } = new("mxfp4");

    /// <summary>Gets the formats Compass knows.</summary>
    public static IReadOnlyList<Quantization> WellKnown { get; } = [Bf16, Fp8, W8A8, W4A16, MxFp4];

    /// <inheritdoc />
    public string Value => _value ?? Bf16Name;

    private const string Bf16Name = "bf16";

    /// <summary>Parses a format name, resolving aliases (<c>fp16</c> → bf16, <c>int4</c>/<c>awq</c>/<c>gptq</c> → w4a16, <c>int8</c> → w8a8).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The format.</returns>
    /// <exception cref="FormatException">The text is empty or not a known format.</exception>
    public static Quantization Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A quantization must not be empty.");
        }

        var key = new string(text.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        return Aliases.TryGetValue(key, out var canonical)
            ? new Quantization(canonical)
            : throw new FormatException($"Unknown quantization '{text}'. Use one of: bf16, fp8, w8a8, w4a16, mxfp4.");
    }

    /// <inheritdoc />
    public bool Equals(Quantization other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Quantization other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two formats for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Quantization left, Quantization right) => left.Equals(right);

    /// <summary>Compares two formats for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(Quantization left, Quantization right) => !left.Equals(right);
}
