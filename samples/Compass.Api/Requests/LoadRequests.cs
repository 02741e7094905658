using System.Text.Json;

namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/loadtest</c>: load an OpenAI-compatible endpoint with one profile.</summary>
internal sealed record LoadTestRequest
{
    /// <summary>Gets the endpoint's base URL (http or https).</summary>
    public string? Url { get; init; }

    /// <summary>Gets the served model name.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the profile: synchronous, concurrent, throughput, constant or poisson.</summary>
    public string? Profile { get; init; }

    /// <summary>Gets the rate, in requests per second (constant, poisson).</summary>
    public double? Rate { get; init; }

    /// <summary>Gets the requests kept in flight (concurrent).</summary>
    public int? Concurrency { get; init; }

    /// <summary>Gets how long to run, in seconds (capped by Compass:Limits:MaxLoadTestSeconds).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Gets the most requests to send.</summary>
    public int? Requests { get; init; }

    /// <summary>Gets the prompt length distribution (default 512).</summary>
    public string? PromptTokens { get; init; }

    /// <summary>Gets the output length distribution (default 256).</summary>
    public string? OutputTokens { get; init; }

    /// <summary>Gets a value indicating whether to use /v1/chat/completions.</summary>
    public bool? Chat { get; init; }

    /// <summary>Gets the random seed (default 42).</summary>
    public int? Seed { get; init; }
}

/// <summary>The body of <c>POST /api/validate</c>: check a plan's SLOs and predictions against a load test of its endpoint.</summary>
internal sealed record ValidateRequest
{
    /// <summary>Gets the endpoint's base URL (http or https).</summary>
    public string? Url { get; init; }

    /// <summary>Gets the plan.</summary>
    public JsonElement? Plan { get; init; }

    /// <summary>Gets the recommendation's rank (default 1).</summary>
    public int? Rank { get; init; }

    /// <summary>Gets the served model name (default: the recommendation's).</summary>
    public string? Model { get; init; }

    /// <summary>Gets how long to run, in seconds (default 60, capped by Compass:Limits:MaxLoadTestSeconds).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Gets the most requests to send.</summary>
    public int? Requests { get; init; }

    /// <summary>Gets a value indicating whether to use /v1/chat/completions.</summary>
    public bool? Chat { get; init; }

    /// <summary>Gets the random seed (default 42).</summary>
    public int? Seed { get; init; }
}
