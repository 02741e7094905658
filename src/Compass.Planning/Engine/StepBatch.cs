namespace Compass.Planning.Engine;

/// <summary>
/// What one continuous-batching engine step runs, summed over its sequences: prefill chunks (new prompt tokens and the
/// context already cached before them) and decode sequences (one new token each, with their context lengths).
/// Sums are enough for the step-time model and keep the simulator's hot path allocation-free.
/// </summary>
/// <param name="PrefillTokens">New prompt tokens computed this step, over all prefill chunks.</param>
/// <param name="PrefillAttentionPairs">
/// Query-key pairs of the prefill chunks: Σ n × (c + (n + 1) / 2) for a chunk of n tokens after c cached tokens.
/// </param>
/// <param name="PrefillContextTokens">Σ c: cached tokens the prefill chunks attend to (read from the KV cache).</param>
/// <param name="PrefillSequences">Sequences with a prefill chunk this step.</param>
/// <param name="DecodeSequences">Sequences decoding one token this step.</param>
/// <param name="DecodeContextTokens">Σ context length of the decoding sequences (tokens read from the KV cache).</param>
public readonly record struct StepBatch(
    long PrefillTokens, double PrefillAttentionPairs, long PrefillContextTokens, int PrefillSequences, int DecodeSequences, long DecodeContextTokens)
{
    /// <summary>Gets the tokens computed this step (prefill tokens plus one per decode sequence).</summary>
    public long TotalTokens => PrefillTokens + DecodeSequences;

    /// <summary>Gets the sequences in the step.</summary>
    public int Sequences => PrefillSequences + DecodeSequences;

    /// <summary>Gets whether the step does nothing.</summary>
    public bool IsEmpty => PrefillTokens == 0 && DecodeSequences == 0;

    /// <summary>A step with one prefill chunk.</summary>
    /// <param name="tokens">New tokens in the chunk.</param>
    /// <param name="cachedContext">Tokens of the same sequence already in the KV cache.</param>
    /// <returns>The step.</returns>
    public static StepBatch Prefill(int tokens, int cachedContext = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedContext);
        return tokens == 0 ? default : new(tokens, tokens * (cachedContext + ((tokens + 1) / 2.0)), cachedContext, 1, 0, 0);
    }

    /// <summary>A step of decode sequences.</summary>
    /// <param name="sequences">Sequences decoding.</param>
    /// <param name="contextTokens">Their total context length.</param>
    /// <returns>The step.</returns>
    public static StepBatch Decode(int sequences, long contextTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequences);
        ArgumentOutOfRangeException.ThrowIfNegative(contextTokens);
        return new(0, 0, 0, 0, sequences, contextTokens);
    }

    /// <summary>Combines two parts of one step.</summary>
    /// <param name="left">One part.</param>
    /// <param name="right">The other.</param>
    /// <returns>The combined step.</returns>
    public static StepBatch operator +(StepBatch left, StepBatch right) => new(
        left.PrefillTokens + right.PrefillTokens,
        left.PrefillAttentionPairs + right.PrefillAttentionPairs,
        left.PrefillContextTokens + right.PrefillContextTokens,
        left.PrefillSequences + right.PrefillSequences,
        left.DecodeSequences + right.DecodeSequences,
        left.DecodeContextTokens + right.DecodeContextTokens);

    /// <summary>Combines two parts of one step (the named form of <c>+</c>).</summary>
    /// <param name="other">The other part.</param>
    /// <returns>The combined step.</returns>
    public StepBatch Add(StepBatch other) => this + other;
}
