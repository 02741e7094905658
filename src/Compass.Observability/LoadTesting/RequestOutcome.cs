namespace Compass.Observability.LoadTesting;

/// <summary>How a request ended (GuideLLM's status categories).</summary>
public enum RequestOutcome
{
    /// <summary>The stream completed (<c>data: [DONE]</c>) with at least one token.</summary>
    Successful,

    /// <summary>The request was cut short by the load test itself (cancelled or past the request timeout).</summary>
    Incomplete,

    /// <summary>The server or the connection failed: an HTTP error, a refused connection, a response that is not an OpenAI stream, or a truncated stream.</summary>
    Errored,
}
