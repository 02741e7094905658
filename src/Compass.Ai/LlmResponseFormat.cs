namespace Compass.Ai;

/// <summary>How the LLM is asked for structured output.</summary>
public enum LlmResponseFormat
{
    /// <summary>
    /// JSON constrained by the intent's JSON schema (<c>ChatResponseFormat.ForJsonSchema</c>; Ollama's <c>format</c>
    /// set to the schema). The default: servers that support it cannot produce another shape.
    /// </summary>
    JsonSchema,

    /// <summary>Plain JSON mode (<c>ChatResponseFormat.Json</c>; Ollama's <c>format: "json"</c>), for servers without schema support.</summary>
    Json,
}
