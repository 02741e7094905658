using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>A provider that rents GPUs by the hour (<c>aws</c>, <c>gcp</c>, <c>azure</c>…); an open set.</summary>
[JsonConverter(typeof(StringValueJsonConverter<CloudProvider>))]
public readonly struct CloudProvider : IStringValue<CloudProvider>, IEquatable<CloudProvider>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="value">The provider name.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public CloudProvider(string value) => _value = Guard.NotBlank(value).Trim().ToLowerInvariant();

    /// <summary>Amazon Web Services.</summary>
    public static CloudProvider Aws { get; } = new("aws");

    /// <summary>Google Cloud.</summary>
    public static CloudProvider Gcp { get; } = new("gcp");

    /// <summary>Microsoft Azure.</summary>
    public static CloudProvider Azure { get; } = new("azure");

    /// <inheritdoc />
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a provider name (<c>google</c> → gcp, <c>amazon</c> → aws, <c>microsoft</c> → azure).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="FormatException">The text is empty.</exception>
    public static CloudProvider Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A cloud provider must not be empty.");
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "amazon" or "amazon web services" or "ec2" => Aws,
            "google" or "google cloud" or "gce" => Gcp,
            "microsoft" or "microsoft azure" => Azure,
            var other => new CloudProvider(other),
        };
    }

    /// <inheritdoc />
    public bool Equals(CloudProvider other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CloudProvider other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two providers for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(CloudProvider left, CloudProvider right) => left.Equals(right);

    /// <summary>Compares two providers for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(CloudProvider left, CloudProvider right) => !left.Equals(right);
}
