using System.Collections.Immutable;

namespace Compass.Planning.Simulation;

/// <summary>
/// What a simulation run measured. Latencies are in ms and cover the measured requests (all completed requests
/// after the warm-up fraction). Rates are per second of the <b>measurement window</b>: from the arrival of the first
/// measured request to the moment the last measured request's final token reached the client.
/// </summary>
public sealed record SimulationResult
{
    /// <summary>Gets every request of the workload, in arrival order, with what it saw.</summary>
    public required ImmutableArray<RequestMetrics> Requests { get; init; }

    /// <summary>Gets time to first token: arrival → first token at the client (includes both overheads).</summary>
    public required LatencySummary Ttft { get; init; }

    /// <summary>Gets inter-token latency as each request's mean gap between consecutive tokens (requests with 2+ tokens).</summary>
    public required LatencySummary Itl { get; init; }

    /// <summary>
    /// Gets every gap between consecutive tokens of the measured requests, pooled. Counted, summed and bounded exactly;
    /// its percentiles come from a log-bucketed histogram and are within 0.8 % of the exact nearest-rank value (and
    /// never outside [min, max]).
    /// </summary>
    public required LatencySummary TokenGaps { get; init; }

    /// <summary>Gets end-to-end latency: arrival → last token at the client.</summary>
    public required LatencySummary E2e { get; init; }

    /// <summary>Gets queue time: entering the wait queue (arrival + request overhead) → start of the first step that schedules the request.</summary>
    public required LatencySummary Queue { get; init; }

    /// <summary>Gets the number of requests in the workload.</summary>
    public required int TotalRequests { get; init; }

    /// <summary>Gets the number that completed (every request completes unless rejected).</summary>
    public required int Completed { get; init; }

    /// <summary>Gets the number rejected because they could never fit the KV cache.</summary>
    public required int Rejected { get; init; }

    /// <summary>Gets the number of completed requests after the warm-up (the ones the summaries cover).</summary>
    public required int Measured { get; init; }

    /// <summary>Gets the number of preemptions (by recompute) over the whole run.</summary>
    public required long Preemptions { get; init; }

    /// <summary>Gets the number of engine steps over all replicas.</summary>
    public required long Steps { get; init; }

    /// <summary>Gets the number of replicas.</summary>
    public required int Replicas { get; init; }

    /// <summary>Gets the length of the measurement window in ms.</summary>
    public required double WindowMs { get; init; }

    /// <summary>Gets how the load was offered: open or closed loop, and the rate, users and think time asked for.</summary>
    public SimulationLoad Load { get; init; } = SimulationLoad.OpenLoop;

    /// <summary>Gets measured requests completed per second of the window.</summary>
    public required double RequestsPerSecond { get; init; }

    /// <summary>
    /// Gets the achieved request rate: measured requests sent (completed or rejected) per second of the window. In a
    /// closed loop this is what the users managed to send (by Little's law, users ÷ (mean E2E + mean think time)); in
    /// an open loop it is the offered rate as realised, a little lower when the last requests take long to drain.
    /// </summary>
    public double ArrivalRatePerSecond { get; init; }

    /// <summary>Gets output tokens of the measured requests per second of the window.</summary>
    public required double OutputTokensPerSecond { get; init; }

    /// <summary>Gets measured requests meeting the goodput targets per second of the window, or <see langword="null"/> without targets.</summary>
    public double? GoodputRequestsPerSecond { get; init; }

    /// <summary>Gets the fraction of measured requests meeting the goodput targets, or <see langword="null"/> without targets.</summary>
    public double? GoodputFraction { get; init; }

    /// <summary>
    /// Gets the time-weighted mean number of requests in the system (routed and not yet finished by the engine) over the
    /// window, counted from the event loop. Little's law says it should be close to <see cref="RequestsPerSecond"/> ×
    /// mean E2E (seconds).
    /// </summary>
    public required double MeanRequestsInSystem { get; init; }

    /// <summary>Gets the time-weighted mean fraction of KV-cache blocks in use over the window, averaged over replicas.</summary>
    public required double KvUtilizationMean { get; init; }

    /// <summary>Gets the highest fraction of one replica's KV-cache blocks in use during any step.</summary>
    public required double KvUtilizationPeak { get; init; }

    /// <summary>
    /// Gets how fast queue time grows with arrival time, in ms of extra wait per ms of run: the least-squares slope of
    /// queue time on arrival time over the measured requests. About 0 for a stable system.
    /// </summary>
    public required double QueueGrowthRate { get; init; }

    /// <summary>
    /// Gets how fast the number of requests in the system (queued or running) grows, per arriving request: the
    /// least-squares slope of the in-system count seen by each measured arrival on its arrival time, divided by the
    /// arrival rate, over the requests after the first quarter (which holds the start-up fill). About 0 for a stable
    /// system, about 1 − μ/λ for one that receives λ requests/s but serves only μ &lt; λ. <see langword="null"/> when
    /// the run is too short to tell, or when the queue rule already found overload (see <see cref="Verdict"/>).
    /// </summary>
    public double? BacklogGrowthRate { get; init; }

    /// <summary>
    /// Gets the saturation verdict, by these rules over the measured requests in arrival order (at least 40 of them for
    /// either trend rule), split into four quarters.
    /// <see cref="SaturationVerdict.Overloaded"/> when the queue grows steadily — <see cref="QueueGrowthRate"/> ≥ 0.05,
    /// the mean queue time rises from the second to the third to the last quarter, ends at least 1.25 × the second
    /// quarter's and at least 10 % of the median E2E (the backlog level below) — or when the requests in the system do
    /// (the completion lag grows; this also catches a running batch that keeps growing with no queue):
    /// <see cref="BacklogGrowthRate"/> ≥ 0.05 with the same rise over the quarters, judged only when the requests
    /// arrive over at least 4 × the median E2E of the first quarter, since a shorter run cannot tell the start-up fill
    /// from overload.
    /// <see cref="SaturationVerdict.Backlogged"/> when not overloaded but the p95 queue time is at least 10 % of the
    /// median E2E: the admission limits (max-num-seqs, KV cache, token budget) held requests back, and the queue did
    /// not keep growing.
    /// <see cref="SaturationVerdict.Stable"/> otherwise.
    /// </summary>
    public required SaturationVerdict Verdict { get; init; }

    /// <summary>Gets the figures behind <see cref="Verdict"/>, in one sentence.</summary>
    public required string VerdictReason { get; init; }

    /// <summary>Gets the simulated time at which the last request finished, in ms.</summary>
    public required double SimulatedMs { get; init; }
}
