namespace Compass.Planning.Simulation;

/// <summary>
/// The mutable state of one request inside a run (one array of these per run, indexed by workload position, so the
/// step loop touches contiguous memory and allocates nothing). Follows vLLM V1: a request has
/// <c>Prompt + Generated</c> known tokens, of which <c>Computed</c> have KV entries; a step computes up to the rest,
/// and when all known tokens are computed the step samples one new output token.
/// </summary>
internal struct RequestState
{
    public int Prompt;
    public int Output;

    /// <summary>Tokens whose KV entries are computed (reset to 0 by a preemption: recompute).</summary>
    public int Computed;

    /// <summary>Output tokens emitted so far (kept across preemptions).</summary>
    public int Generated;

    /// <summary>KV-cache blocks held.</summary>
    public int Blocks;

    /// <summary>Tokens scheduled in the step in flight (0 when not scheduled).</summary>
    public int Scheduled;

    public int Preemptions;
    public int Replica;
    public double Arrival;

    /// <summary>When the request enters the wait queue: after the request overhead, and after the requests routed to the
    /// same replica before it have been admitted when admission is serial.</summary>
    public double Ready;

    /// <summary>Start of the first step that scheduled it (NaN until then).</summary>
    public double FirstScheduled;

    /// <summary>End of the step that produced its first token.</summary>
    public double FirstTokenEnd;

    /// <summary>End of the step that produced its latest token.</summary>
    public double LastTokenEnd;

    /// <summary>When its first token reached the client (after the API server streamed it).</summary>
    public double FirstTokenSeen;

    /// <summary>When its latest token reached the client.</summary>
    public double LastTokenSeen;

    /// <summary>Requests in the system (routed, not finished) when it arrived, not counting itself.</summary>
    public int InSystemAtArrival;

    public bool Rejected;
    public bool Measured;

    /// <summary>Gets whether the next step for it is a decode (one token after a complete prefill).</summary>
    public readonly bool IsDecode => Generated > 0 && Computed == Prompt + Generated - 1;

    /// <summary>Gets the known tokens not yet computed.</summary>
    public readonly int Pending => Prompt + Generated - Computed;
}
