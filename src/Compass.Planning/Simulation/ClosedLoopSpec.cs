using Compass.Core;

namespace Compass.Planning.Simulation;

/// <summary>
/// A closed-loop workload: <see cref="Concurrency"/> users, each sending a request, waiting for its last token, pausing
/// for the <see cref="ThinkTime"/>, then sending the next. This is <c>vllm bench serve --max-concurrency N</c> (with
/// <c>--request-rate inf</c>), AIPerf's <c>--concurrency N</c> and GuideLLM's <c>concurrent</c> profile. Arrivals depend on
/// completions, so the simulation draws them as it runs (see <see cref="ServingSimulator.Run(ClosedLoopSpec, int, SimulationOptions)"/>).
/// The run stops after <see cref="Requests"/> requests have been sent, or when no user may send another because
/// <see cref="DurationSeconds"/> have passed (give one); requests in flight then finish.
/// </summary>
public sealed record ClosedLoopSpec
{
    /// <summary>The most users a closed loop may have.</summary>
    public const int MaxConcurrency = 1_000_000;

    /// <summary>Gets the number of users (requests in flight at most, over all replicas), 1 to <see cref="MaxConcurrency"/>.</summary>
    public required int Concurrency
    {
        get;
        init => field = value is >= 1 and <= MaxConcurrency
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Concurrency), value, $"The concurrency must be between 1 and {MaxConcurrency:N0} users.");
    }

    /// <summary>Gets the prompt-length distribution.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution.</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>Gets each user's pause between a response and its next request (default none).</summary>
    public ThinkTime ThinkTime { get; init => field = value ?? throw new ArgumentNullException(nameof(ThinkTime)); } = ThinkTime.None;

    /// <summary>
    /// Gets the seconds over which the users start, evenly staggered: user k of N sends its first request at k × R / N
    /// (default 0: all at once).
    /// </summary>
    public double RampUpSeconds { get; init => field = Guard.NonNegativeFinite(value, nameof(RampUpSeconds)); }

    /// <summary>Gets the number of requests to send in all, or <see langword="null"/> to stop by <see cref="DurationSeconds"/>.</summary>
    public int? Requests { get; init => field = Guard.Positive(value, nameof(Requests)); }

    /// <summary>Gets how long users keep sending requests, in seconds, or <see langword="null"/> to stop by <see cref="Requests"/>.</summary>
    public double? DurationSeconds { get; init => field = Guard.PositiveFinite(value, nameof(DurationSeconds)); }
}
