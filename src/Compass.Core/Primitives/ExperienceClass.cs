using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>How a user experiences latency in a use case: from <see cref="Instant"/> (inline, sub-second) to <see cref="Batch"/> (offline).</summary>
[JsonConverter(typeof(StringValueJsonConverter<ExperienceClass>))]
public readonly struct ExperienceClass : IStringValue<ExperienceClass>, IEquatable<ExperienceClass>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="value">The class name.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public ExperienceClass(string value) => _value = Guard.NotBlank(value).Trim().ToLowerInvariant();

    /// <summary>Inline, as-you-type responses (code completion).</summary>
    public static ExperienceClass Instant { get; } = new("instant");

    /// <summary>A person waits in a live conversation (chatbots).</summary>
    public static ExperienceClass Conversational { get; } = new("conversational");

    /// <summary>A person waits for a longer answer they asked for (generation, RAG, translation).</summary>
    public static ExperienceClass Interactive { get; } = new("interactive");

    /// <summary>A person submits work and comes back to it (long-document analysis).</summary>
    public static ExperienceClass Deferred { get; } = new("deferred");

    /// <summary>No person waits (offline pipelines).</summary>
    public static ExperienceClass Batch { get; } = new("batch");

    /// <inheritdoc />
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a class name.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The class.</returns>
    /// <exception cref="FormatException">The text is empty.</exception>
    public static ExperienceClass Parse(string text)
        => string.IsNullOrWhiteSpace(text) ? throw new FormatException("An experience class must not be empty.") : new ExperienceClass(text);

    /// <inheritdoc />
    public bool Equals(ExperienceClass other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExperienceClass other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two classes for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ExperienceClass left, ExperienceClass right) => left.Equals(right);

    /// <summary>Compares two classes for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ExperienceClass left, ExperienceClass right) => !left.Equals(right);
}
