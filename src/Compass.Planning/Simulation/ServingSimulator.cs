namespace Compass.Planning.Simulation;

/// <summary>
/// A discrete-event simulation of continuous-batching LLM serving (vLLM V1 scheduling: chunked prefill, token budget,
/// max-num-seqs, paged KV cache with preemption by recompute) on one or more replicas behind a router. Pure and
/// deterministic: the same workload and options always give the same result; all randomness is in workload generation,
/// seeded by the caller.
/// </summary>
/// <remarks>
/// Time is in milliseconds. A request arriving at <c>a</c> is routed at once, enters its replica's wait queue at
/// <c>a + RequestOverheadMs</c>, and is scheduled by the steps described on <see cref="SimulationResult"/>. A step that
/// starts at <c>t</c> ends at <c>t + StepTime.Predict(batch).TotalMs</c>; every request whose known tokens are all
/// computed by then emits one token. Output processing is serial per token: the k-th output token reaches the client
/// at the end of its step plus <c>k × OutputTokenOverheadMs</c>, so every inter-token gap includes that overhead once.
/// </remarks>
public static class ServingSimulator
{
    /// <summary>Simulates a workload.</summary>
    /// <param name="workload">The requests.</param>
    /// <param name="options">The deployment and what to measure.</param>
    /// <returns>What the run measured.</returns>
    /// <exception cref="ArgumentException">The profile's scheduler limits are not positive.</exception>
    /// <exception cref="InvalidOperationException">The step-time model predicted a negative or non-finite step.</exception>
    public static SimulationResult Run(Workload workload, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        ClusterRun.Validate(options.Profile);
        return new ClusterRun(workload, options).Run();
    }

    /// <summary>Generates a workload from a spec and a seed, then simulates it.</summary>
    /// <param name="spec">The workload to generate.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="options">The deployment and what to measure.</param>
    /// <returns>What the run measured.</returns>
    /// <exception cref="ArgumentException">The spec or the profile is invalid.</exception>
    public static SimulationResult Run(WorkloadSpec spec, int seed, SimulationOptions options)
        => Run(Workload.Generate(spec, seed), options);
}
