namespace Compass.Planning.Simulation;

/// <summary>
/// What one simulated request saw, all times in ms. For a <see cref="RequestOutcome.Rejected"/> request only the
/// identity fields are set and the latencies are 0.
/// </summary>
/// <param name="Index">Its position in the workload (arrival order).</param>
/// <param name="Replica">The replica it was routed to (-1 when rejected).</param>
/// <param name="ArrivalMs">When it arrived.</param>
/// <param name="PromptTokens">Its prompt length.</param>
/// <param name="OutputTokens">The output length it asked for.</param>
/// <param name="Outcome">Whether it completed or was rejected.</param>
/// <param name="EmittedTokens">Output tokens it emitted (equal to <paramref name="OutputTokens"/> when completed).</param>
/// <param name="QueueMs">From entering the wait queue (arrival + request overhead) to its first scheduled step's start.</param>
/// <param name="TtftMs">From arrival to its first output token reaching the client.</param>
/// <param name="MeanItlMs">Its mean gap between consecutive output tokens (0 for a one-token output).</param>
/// <param name="E2eMs">From arrival to its last output token reaching the client.</param>
/// <param name="Preemptions">How many times it was preempted (and its prefill recomputed).</param>
/// <param name="Measured">Whether it counts in the summary (false for warm-up requests).</param>
public readonly record struct RequestMetrics(
    int Index,
    int Replica,
    double ArrivalMs,
    int PromptTokens,
    int OutputTokens,
    RequestOutcome Outcome,
    int EmittedTokens,
    double QueueMs,
    double TtftMs,
    double MeanItlMs,
    double E2eMs,
    int Preemptions,
    bool Measured)
{
    /// <summary>Gets the closed-loop user that sent it (0 to concurrency − 1), or -1 in an open loop.</summary>
    public int User { get; init; } = -1;

    /// <summary>Gets when its last token reached the client, in ms from the start of the run.</summary>
    public double CompletionMs => ArrivalMs + E2eMs;
}
