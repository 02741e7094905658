using System.Collections.Immutable;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// One request of a load test, as measured from its SSE stream with a monotonic clock. Times of day are offsets in
/// seconds from the start of the benchmark; latencies are in milliseconds.
/// </summary>
public sealed record RequestRecord
{
    /// <summary>Gets the request's number within its benchmark, from 0 in issue order.</summary>
    public required int Id { get; init; }

    /// <summary>Gets how the request ended.</summary>
    public required RequestOutcome Outcome { get; init; }

    /// <summary>Gets when the profile meant the request to start, in seconds from the benchmark start.</summary>
    public required double ScheduledSeconds { get; init; }

    /// <summary>Gets when the request was sent, in seconds from the benchmark start.</summary>
    public required double StartSeconds { get; init; }

    /// <summary>Gets when the first content token arrived, in seconds from the benchmark start; null when none did.</summary>
    public double? FirstTokenSeconds { get; init; }

    /// <summary>Gets when the stream ended (or the request failed), in seconds from the benchmark start.</summary>
    public required double EndSeconds { get; init; }

    /// <summary>Gets the prompt length the request was built for, in tokens.</summary>
    public required int PromptTokensTarget { get; init; }

    /// <summary>Gets the prompt length the server reported in <c>usage.prompt_tokens</c>; null when it reported none.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Gets the <c>max_tokens</c> sent.</summary>
    public required int OutputTokensTarget { get; init; }

    /// <summary>Gets the output tokens: <c>usage.completion_tokens</c> when reported, otherwise the number of content chunks.</summary>
    public int OutputTokens { get; init; }

    /// <summary>Gets whether <see cref="OutputTokens"/> came from the server's usage report (rather than a chunk count).</summary>
    public bool OutputTokensFromUsage { get; init; }

    /// <summary>Gets the SSE chunks that carried content.</summary>
    public int ContentChunks { get; init; }

    /// <summary>Gets the time to first token: from sending the request to the first content chunk, in ms.</summary>
    public double? TtftMs { get; init; }

    /// <summary>
    /// Gets the request's mean inter-token latency in ms: (last content chunk − first content chunk) ÷ (output tokens − 1);
    /// null for fewer than two tokens.
    /// </summary>
    public double? ItlMs { get; init; }

    /// <summary>Gets the end-to-end latency: from sending the request to the end of the stream, in ms.</summary>
    public required double E2eMs { get; init; }

    /// <summary>Gets the gaps between consecutive content chunks, in ms (pooled over requests for the token-gap distribution).</summary>
    public ImmutableArray<double> ChunkGapsMs { get; init; } = [];

    /// <summary>Gets the kind of failure: <c>http_500</c>, <c>http_429</c>, <c>connection</c>, <c>invalid_response</c>, <c>truncated_stream</c>, <c>server_error</c>, <c>no_tokens</c>, <c>timeout</c> or <c>cancelled</c>; null on success.</summary>
    public string? ErrorKind { get; init; }

    /// <summary>Gets the HTTP status code, when a response came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the failure in words (truncated to 300 characters); null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the time per output token, in ms: E2E ÷ output tokens (GuideLLM's <c>time_per_output_token_ms</c>); null without tokens.</summary>
    public double? TimePerOutputTokenMs => OutputTokens > 0 ? E2eMs / OutputTokens : null;
}
