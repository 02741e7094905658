namespace Compass.Planning.Simulation;

/// <summary>One output token a request emitted at the end of a step of the <see cref="SteppingEngine"/>.</summary>
/// <param name="RequestId">The id <see cref="SteppingEngine.Admit"/> returned.</param>
/// <param name="Generated">Output tokens the request has emitted so far, this one included (1 for the first token).</param>
/// <param name="Finished">Whether this was its last token (the request has left the engine and freed its KV blocks).</param>
/// <param name="FirstScheduledMs">When the first step that scheduled the request started, in ms.</param>
/// <param name="Preemptions">How many times the request has been preempted (recomputed) so far.</param>
public readonly record struct TokenEmission(long RequestId, int Generated, bool Finished, double FirstScheduledMs, int Preemptions);
