namespace Compass.Simulator.Protocol;

/// <summary>What the simulator reads from a <c>/v1/completions</c> or <c>/v1/chat/completions</c> body.</summary>
internal sealed record CompletionRequest
{
    public required bool Chat { get; init; }

    public string? Model { get; init; }

    /// <summary>Gets the text the prompt tokens are counted on (for chat, all messages).</summary>
    public required string PromptText { get; init; }

    /// <summary>Gets the text echo mode repeats (the prompt, or the last user message).</summary>
    public required string EchoText { get; init; }

    /// <summary>Gets the prompt's tokens when given as token ids, otherwise null (count <see cref="PromptText"/>).</summary>
    public int? PromptTokenIds { get; init; }

    /// <summary>Gets the extra prompt tokens of the chat template (per message and for the reply's header).</summary>
    public int TemplateTokens { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>Gets the field <see cref="MaxTokens"/> came from (<c>max_tokens</c>, or <c>max_completion_tokens</c> for chat), for errors.</summary>
    public string MaxTokensField { get; init; } = "max_tokens";

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public IReadOnlyList<string> Stop { get; init; } = [];

    public bool IgnoreEos { get; init; }
}
