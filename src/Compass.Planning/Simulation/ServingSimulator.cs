namespace Compass.Planning.Simulation;

/// <summary>
/// A discrete-event simulation of continuous-batching LLM serving (vLLM V1 scheduling: chunked prefill, token budget,
/// max-num-seqs, paged KV cache with preemption by recompute) on one or more replicas behind a router. Pure and
/// deterministic: the same workload and options always give the same result; all randomness is in workload generation,
/// seeded by the caller.
/// </summary>
/// <remarks>
/// Time is in milliseconds. A request arriving at <c>a</c> is routed at once, enters its replica's wait queue at
/// <c>a + RequestOverheadMs</c> at the earliest, and is scheduled by the steps described on
/// <see cref="SimulationResult"/>. A step that starts at <c>t</c> ends at <c>t + StepTime.Predict(batch).TotalMs</c>;
/// every request whose known tokens are all computed by then emits one token. Each replica's API server is one thread
/// that admits requests (<c>RequestServiceMs</c> each) and streams tokens (<c>OutputTokenOverheadMs</c> each) in the
/// order they reach it: under a burst or a thousand streams it falls behind, and what the client sees (TTFT, the gaps
/// between tokens, E2E) is when the thread got to each token, not when the GPU produced it.
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
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Run(Workload.Generate(spec, seed), options) with { Load = SimulationLoad.Open(spec.RatePerSecond) };
    }

    /// <summary>
    /// Simulates a closed loop: <see cref="ClosedLoopSpec.Concurrency"/> users, each sending its next request when the
    /// previous one's last token reaches it (plus its think time). The router places each request as it is sent.
    /// Deterministic: the same spec, seed and options always give the same result, and the k-th request sent always has
    /// the same lengths, whatever the deployment.
    /// </summary>
    /// <param name="spec">The users and what they send.</param>
    /// <param name="seed">The random seed for lengths and think times.</param>
    /// <param name="options">The deployment and what to measure. The warm-up fraction counts requests in sending order;
    /// with a warm-up the loop is run twice (it is deterministic), once to find where the warm-up ends.</param>
    /// <returns>What the run measured; <see cref="SimulationResult.Load"/> says it was a closed loop.</returns>
    /// <exception cref="ArgumentException">
    /// The spec gives both or neither of a request count and a duration, no request it can draw could ever fit the KV
    /// cache, or the profile is invalid.
    /// </exception>
    public static SimulationResult Run(ClosedLoopSpec spec, int seed, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ClusterRun.Validate(options.Profile);
        ArgumentNullException.ThrowIfNull(spec.PromptTokens, nameof(spec.PromptTokens));
        ArgumentNullException.ThrowIfNull(spec.OutputTokens, nameof(spec.OutputTokens));
        if ((spec.Requests is null) == (spec.DurationSeconds is null))
        {
            throw new ArgumentException("Give either a request count or a duration to stop the closed loop, not both and not neither.", nameof(spec));
        }

        var profile = options.Profile;
        var blockSize = profile.Limits.BlockSize;
        if (((long)spec.PromptTokens.Min + spec.OutputTokens.Min - 1 + blockSize - 1) / blockSize > profile.KvCacheBlocks)
        {
            // Every request would be refused, and each refusal would make its user send again: the loop would never end.
            throw new ArgumentException(
                $"Even the shortest request ({spec.PromptTokens.Min} prompt + {spec.OutputTokens.Min} output tokens) cannot fit the KV cache of {profile.KvCacheTokens:N0} tokens; shorten the lengths or give the replicas more memory.",
                nameof(spec));
        }

        var load = SimulationLoad.Closed(spec);
        var first = new ClusterRun(spec, seed, options with { WarmupFraction = 0 }, 0, 0).Run();
        if (options.WarmupFraction == 0)
        {
            return first with { Load = load };
        }

        var warmup = (int)Math.Floor(options.WarmupFraction * first.TotalRequests);
        var windowStartMs = warmup < first.TotalRequests ? first.Requests[warmup].ArrivalMs : 0;
        return new ClusterRun(spec, seed, options, warmup, windowStartMs).Run() with { Load = load };
    }
}
