using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>
/// A GPU model, identified by its canonical catalog name (<c>H100</c>, <c>A100-80</c>…). The set is open: a custom
/// knowledge base may add GPUs. <see cref="Parse"/> resolves the well-known aliases used by clouds, Kubernetes
/// labels and people (<c>"h100"</c>, <c>"NVIDIA-H100-80GB-HBM3"</c> → <see cref="H100"/>).
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<GpuType>))]
public readonly struct GpuType : IStringValue<GpuType>, IEquatable<GpuType>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance with a canonical name, taken as given.</summary>
    /// <param name="value">The canonical name.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public GpuType(string value) => _value = Guard.NotBlank(value).Trim();

    /// <summary>NVIDIA L4 (24 GB).</summary>
    public static GpuType L4 { get; } = new("L4");

    /// <summary>NVIDIA A10G (24 GB, AWS).</summary>
    public static GpuType A10G { get; } = new("A10G");

    /// <summary>NVIDIA L40S (48 GB).</summary>
    public static GpuType L40S { get; } = new("L40S");

    /// <summary>NVIDIA A100 SXM 40 GB.</summary>
    public static GpuType A100Sxm40 { get; } = new("A100-40");

    /// <summary>NVIDIA A100 SXM 80 GB.</summary>
    public static GpuType A100Sxm80 { get; } = new("A100-80");

    /// <summary>NVIDIA H100 SXM 80 GB.</summary>
    public static GpuType H100 { get; } = new("H100");

    /// <summary>NVIDIA H200 SXM 141 GB.</summary>
    public static GpuType H200 { get; } = new("H200");

    /// <summary>NVIDIA B200 (HGX, 180 GB).</summary>
    public static GpuType B200 { get; } = new("B200");

    /// <summary>AMD Instinct MI300X (192 GB).</summary>
    public static GpuType MI300X { get; } = new("MI300X");

    /// <summary>Gets the GPU types Compass knows by default.</summary>
    public static IReadOnlyList<GpuType> WellKnown { get; } = [L4, A10G, L40S, A100Sxm40, A100Sxm80, H100, H200, B200, MI300X];

    /// <inheritdoc />
    public string Value => _value ?? string.Empty;

    /// <summary>
    /// Parses a GPU name, resolving well-known aliases. Unknown names are kept (trimmed) so that custom
    /// catalogs can define their own GPUs; check them against a catalog to reject typos.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The GPU type.</returns>
    /// <exception cref="FormatException">The text is empty.</exception>
    public static GpuType Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A GPU type must not be empty.");
        }

        return GpuAliases.TryResolve(text, out var known) ? known : new GpuType(text);
    }

    /// <summary>Parses a GPU name only if it is one of the well-known types or their aliases.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The resolved type.</param>
    /// <returns><see langword="true"/> when the text names a well-known GPU.</returns>
    public static bool TryParseWellKnown(string? text, out GpuType value) => GpuAliases.TryResolve(text, out value);

    /// <inheritdoc />
    public bool Equals(GpuType other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GpuType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two values for equality (case-insensitive).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(GpuType left, GpuType right) => left.Equals(right);

    /// <summary>Compares two values for inequality (case-insensitive).</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(GpuType left, GpuType right) => !left.Equals(right);
}
