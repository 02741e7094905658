using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>
/// A model, identified by its Hugging Face repository id (<c>meta-llama/Llama-3.1-8B-Instruct</c>). Comparison is
/// case-insensitive, as it is on the Hub. Short names and other aliases are resolved by a catalog
/// (<see cref="Knowledge.KnowledgeCatalog.FindModel"/>), because they depend on which models it holds.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<ModelId>))]
public readonly struct ModelId : IStringValue<ModelId>, IEquatable<ModelId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="value">The repository id.</param>
    /// <exception cref="ArgumentException">The id is empty or contains whitespace.</exception>
    public ModelId(string value)
    {
        value = Guard.NotBlank(value).Trim();
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"A model id must not contain spaces or control characters: '{value}'.", nameof(value));
        }

        _value = value;
    }

    /// <summary>Meta Llama 3.1 8B Instruct.</summary>
    public static ModelId Llama31Instruct8B { get; } = new("meta-llama/Llama-3.1-8B-Instruct");

    /// <summary>Meta Llama 3.1 70B Instruct.</summary>
    public static ModelId Llama31Instruct70B { get; } = new("meta-llama/Llama-3.1-70B-Instruct");

    /// <summary>Meta Llama 3.3 70B Instruct.</summary>
    public static ModelId Llama33Instruct70B { get; } = new("meta-llama/Llama-3.3-70B-Instruct");

    /// <summary>Qwen2.5 7B Instruct.</summary>
    public static ModelId Qwen25Instruct7B { get; } = new("Qwen/Qwen2.5-7B-Instruct");

    /// <summary>IBM Granite 3.1 8B Instruct.</summary>
    public static ModelId Granite31Instruct8B { get; } = new("ibm-granite/granite-3.1-8b-instruct");

    /// <summary>OpenAI gpt-oss-20b.</summary>
    public static ModelId GptOss20B { get; } = new("openai/gpt-oss-20b");

    /// <inheritdoc />
    public string Value => _value ?? string.Empty;

    /// <summary>Gets the part after the organization (<c>Llama-3.1-8B-Instruct</c>).</summary>
    public string Name => Value.Contains('/', StringComparison.Ordinal) ? Value[(Value.LastIndexOf('/') + 1)..] : Value;

    /// <summary>Parses a repository id as given (aliases are resolved by a catalog, not here).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException">The text is empty or contains whitespace.</exception>
    public static ModelId Parse(string text)
    {
        try
        {
            return new ModelId(text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public bool Equals(ModelId other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ModelId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two ids for equality (case-insensitive).</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ModelId left, ModelId right) => left.Equals(right);

    /// <summary>Compares two ids for inequality (case-insensitive).</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ModelId left, ModelId right) => !left.Equals(right);
}
