using Compass.Core;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// What a load test sends, where, and for how long. Immutable; <see cref="Validate"/> checks the combination
/// (<see cref="LoadTester.RunAsync"/> calls it).
/// </summary>
public sealed record LoadTestOptions
{
    /// <summary>Gets the server's base URL (e.g. <c>http://localhost:8000</c>); a trailing <c>/v1</c> is accepted.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Gets the model name sent in each request (vLLM's served model name).</summary>
    public required string Model { get; init; }

    /// <summary>Gets the load profile.</summary>
    public required LoadProfile Profile { get; init; }

    /// <summary>Gets the prompt-length distribution, in tokens.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution, in tokens (sent as <c>max_tokens</c>).</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>Gets the API to stream from (default <see cref="LoadApi.Completions"/>).</summary>
    public LoadApi Api { get; init; } = LoadApi.Completions;

    /// <summary>Gets how long each benchmark issues requests, in seconds; at least one of this and <see cref="MaxRequests"/> is required.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Gets how many requests each benchmark issues at most; at least one of this and <see cref="DurationSeconds"/> is required.</summary>
    public int? MaxRequests { get; init; }

    /// <summary>
    /// Gets how long each benchmark runs before it starts measuring, in seconds (default none): requests scheduled in the
    /// warm-up are sent but left out of the results, and server metrics are read at its end. It adds to
    /// <see cref="DurationSeconds"/>, and <see cref="MaxRequests"/> counts only measured requests.
    /// </summary>
    public double? WarmupSeconds { get; init; }

    /// <summary>Gets the seed for prompt text, lengths and arrival gaps (default 42): the same seed sends the same requests.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets whether to send <c>ignore_eos: true</c> so vLLM-compatible servers produce exactly <c>max_tokens</c> (default true).</summary>
    public bool IgnoreEos { get; init; } = true;

    /// <summary>Gets the most requests in flight for any profile (default 256); the throughput profile uses exactly this many.</summary>
    public int MaxConcurrency { get; init; } = 256;

    /// <summary>Gets how long one request may take before it counts as incomplete (default 5 minutes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets after how many failed requests, with none successful yet, the test stops with a <see cref="LoadTestException"/>
    /// (default 3): an unreachable or non-OpenAI endpoint fails fast instead of for the whole duration.
    /// </summary>
    public int FailFastAfter { get; init; } = 3;

    /// <summary>Gets whether to read the endpoint's Prometheus <c>/metrics</c> before and after each benchmark (default false).</summary>
    public bool ScrapeServerMetrics { get; init; }

    /// <summary>Gets an API key sent as a bearer token, when the endpoint needs one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Checks the combination of options.</summary>
    /// <exception cref="ArgumentException">An option is missing, out of range or inconsistent.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint, nameof(Endpoint));
        ArgumentNullException.ThrowIfNull(Profile, nameof(Profile));
        ArgumentNullException.ThrowIfNull(PromptTokens, nameof(PromptTokens));
        ArgumentNullException.ThrowIfNull(OutputTokens, nameof(OutputTokens));
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The endpoint must be an absolute http(s) URL (got '{Endpoint}').", nameof(Endpoint));
        }

        Guard.NotBlank(Model, nameof(Model));
        if (DurationSeconds is null && MaxRequests is null)
        {
            throw new ArgumentException("Give a duration, a request count or both: a load test needs an end.");
        }

        Guard.PositiveFinite(DurationSeconds, nameof(DurationSeconds));
        Guard.PositiveFinite(WarmupSeconds, nameof(WarmupSeconds));
        Guard.Positive(MaxRequests, nameof(MaxRequests));
        Guard.Positive(MaxConcurrency, nameof(MaxConcurrency));
        Guard.Positive(FailFastAfter, nameof(FailFastAfter));
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
        }

        if (Profile.Concurrency > MaxConcurrency)
        {
            throw new ArgumentException($"The concurrency ({Profile.Concurrency}) exceeds MaxConcurrency ({MaxConcurrency}).", nameof(Profile));
        }
    }

    /// <summary>Gets the URL of the streaming endpoint for <see cref="Api"/>.</summary>
    /// <returns>The absolute URL.</returns>
    public Uri RequestUri() => Resolve(Api == LoadApi.Completions ? "v1/completions" : "v1/chat/completions");

    /// <summary>Gets the URL of the endpoint's Prometheus metrics (<c>/metrics</c> at the server root).</summary>
    /// <returns>The absolute URL.</returns>
    public Uri MetricsUri() => Resolve("metrics");

    private Uri Resolve(string path)
    {
        var basePath = Endpoint.AbsolutePath.TrimEnd('/');
        if (basePath.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            basePath = basePath[..^3];
        }

        return new UriBuilder(Endpoint) { Path = basePath + "/" + path, Query = string.Empty }.Uri;
    }
}
