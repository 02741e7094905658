using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Compass.Core.Serialization;

namespace Compass.Core;

/// <summary>
/// A workload family with its own SLOs and traffic shape (<c>chatbot_conversational</c>…). Nine are well known; a
/// custom knowledge base may add more. <see cref="Parse"/> maps common aliases and the upstream misspelling
/// <c>content_creation</c> to the canonical ids.
/// </summary>
[JsonConverter(typeof(StringValueJsonConverter<UseCase>))]
public readonly struct UseCase : IStringValue<UseCase>, IEquatable<UseCase>
{
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["chatbot"] = "chatbot_conversational",
        ["chat"] = "chatbot_conversational",
        ["conversational"] = "chatbot_conversational",
        ["customer_service"] = "chatbot_conversational",
        ["support_chatbot"] = "chatbot_conversational",
        ["autocomplete"] = "code_completion",
        ["completion"] = "code_completion",
        ["code_generation"] = "code_generation_detailed",
        ["codegen"] = "code_generation_detailed",
        ["content_creation"] = "content_generation",
        ["content"] = "content_generation",
        ["summarization"] = "summarization_short",
        ["summarisation"] = "summarization_short",
        ["summarization_short_document"] = "summarization_short",
        ["rag"] = "document_analysis_rag",
        ["document_analysis"] = "document_analysis_rag",
        ["document_qa"] = "document_analysis_rag",
        ["long_document_summarisation"] = "long_document_summarization",
        ["long_summarization"] = "long_document_summarization",
        ["research"] = "research_legal_analysis",
        ["legal"] = "research_legal_analysis",
        ["legal_analysis"] = "research_legal_analysis",
        ["research_legal"] = "research_legal_analysis",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly string? _value;

    /// <summary>Initializes a new instance with a canonical id, taken as given.</summary>
    /// <param name="value">The id (snake_case).</param>
    /// <exception cref="ArgumentException">The id is empty.</exception>
    public UseCase(string value) => _value = Guard.NotBlank(value).Trim().ToLowerInvariant();

    /// <summary>Real-time conversational chatbots.</summary>
    public static UseCase ChatbotConversational { get; } = new("chatbot_conversational");

    /// <summary>IDE code completion.</summary>
    public static UseCase CodeCompletion { get; } = new("code_completion");

    /// <summary>Detailed code generation with explanations.</summary>
    public static UseCase CodeGenerationDetailed { get; } = new("code_generation_detailed");

    /// <summary>Translation between languages.</summary>
    public static UseCase Translation { get; } = new("translation");

    /// <summary>Marketing and creative content generation.</summary>
    public static UseCase ContentGeneration { get; } = new("content_generation");

    /// <summary>Summarization of short documents.</summary>
    public static UseCase SummarizationShort { get; } = new("summarization_short");

    /// <summary>Retrieval-augmented question answering over documents.</summary>
    public static UseCase DocumentAnalysisRag { get; } = new("document_analysis_rag");

    /// <summary>Summarization of long documents.</summary>
    public static UseCase LongDocumentSummarization { get; } = new("long_document_summarization");

    /// <summary>Research and legal analysis of long documents.</summary>
    public static UseCase ResearchLegalAnalysis { get; } = new("research_legal_analysis");

    /// <summary>Gets the nine well-known use cases.</summary>
    public static IReadOnlyList<UseCase> WellKnown { get; } =
    [
        ChatbotConversational, CodeCompletion, CodeGenerationDetailed, Translation, ContentGeneration,
        SummarizationShort, DocumentAnalysisRag, LongDocumentSummarization, ResearchLegalAnalysis,
    ];

    /// <inheritdoc />
    public string Value => _value ?? string.Empty;

    /// <summary>Parses a use-case id, resolving aliases (<c>"rag"</c>, <c>"content-creation"</c>, <c>"Code Generation"</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The use case.</returns>
    /// <exception cref="FormatException">The text is empty.</exception>
    public static UseCase Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A use case must not be empty.");
        }

        var key = string.Join('_', text.Trim().ToLowerInvariant()
            .Split([' ', '-', '_', '/'], StringSplitOptions.RemoveEmptyEntries));
        return new UseCase(Aliases.TryGetValue(key, out var canonical) ? canonical : key);
    }

    /// <summary>Gets whether this is one of the nine well-known use cases.</summary>
    public bool IsWellKnown => WellKnown.Contains(this);

    /// <inheritdoc />
    public bool Equals(UseCase other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is UseCase other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two use cases for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(UseCase left, UseCase right) => left.Equals(right);

    /// <summary>Compares two use cases for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(UseCase left, UseCase right) => !left.Equals(right);
}
