namespace Compass.Observability.LoadTesting;

/// <summary>Which OpenAI endpoint the load test streams from.</summary>
public enum LoadApi
{
    /// <summary><c>POST /v1/completions</c> with a text prompt; tokens arrive in <c>choices[0].text</c>.</summary>
    Completions,

    /// <summary><c>POST /v1/chat/completions</c> with one user message; tokens arrive in <c>choices[0].delta.content</c>.</summary>
    ChatCompletions,
}
