namespace Compass.Planning.Simulation;

/// <summary>One request of a workload: when it arrives and how many tokens it reads and writes.</summary>
/// <param name="ArrivalMs">Arrival time in milliseconds from the start of the run.</param>
/// <param name="PromptTokens">Prompt length in tokens (at least 1).</param>
/// <param name="OutputTokens">Output length in tokens (at least 1); the request finishes when it has emitted this many.</param>
public readonly record struct WorkloadRequest(double ArrivalMs, int PromptTokens, int OutputTokens);
