namespace Compass.Simulator.Text;

/// <summary>The answer a request will stream, decided before it enters the engine: its tokens (the last one cut at a stop string) and why it ends.</summary>
/// <param name="Tokens">The output tokens, in order; their concatenation is the answer. A view that holds no per-token storage.</param>
/// <param name="FinishReason"><c>stop</c> (natural end or a stop string) or <c>length</c> (max_tokens reached).</param>
internal sealed record PlannedOutput(IReadOnlyList<string> Tokens, string FinishReason)
{
    /// <summary>Gets the whole answer (built on demand: only once every token has been produced).</summary>
    public string Text => string.Concat(Tokens);
}
