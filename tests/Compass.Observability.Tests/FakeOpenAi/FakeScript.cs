namespace Compass.Observability.Tests.FakeOpenAi;

/// <summary>How the fake server answers one request.</summary>
public sealed record FakeScript
{
    /// <summary>Gets the HTTP status (non-200 sends a JSON error body).</summary>
    public int Status { get; init; } = 200;

    /// <summary>Gets the wait before the first token.</summary>
    public TimeSpan FirstTokenDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Gets the wait between tokens.</summary>
    public TimeSpan TokenDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Gets how many tokens to send; null for the request's max_tokens.</summary>
    public int? Tokens { get; init; }

    /// <summary>Gets after how many tokens to end the stream without [DONE]; null for a full stream.</summary>
    public int? TruncateAfter { get; init; }

    /// <summary>Gets a body to send instead of an SSE stream (with the given content type).</summary>
    public string? Junk { get; init; }

    /// <summary>Gets the content type of <see cref="Junk"/>.</summary>
    public string JunkContentType { get; init; } = "text/event-stream";

    /// <summary>Gets whether to send the usage chunk (default true).</summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>Gets a server error to send as an SSE event after the first token.</summary>
    public string? MidStreamError { get; init; }
}
