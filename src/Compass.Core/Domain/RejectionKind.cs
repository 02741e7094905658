namespace Compass.Core;

/// <summary>
/// Why a configuration was not recommended. Each kind says which <see cref="RejectionReason"/> members it fills; the
/// text for a user comes from <see cref="RejectionReason.Describe"/> and <see cref="RejectionReason.DescribeKind"/>.
/// </summary>
public enum RejectionKind
{
    /// <summary>
    /// Any other reason: a custom performance model's text (<see cref="RejectionReason.Detail"/>), or a plan written
    /// before reasons had kinds.
    /// </summary>
    Other,

    /// <summary>
    /// A planning constraint rules it out: <see cref="RejectionReason.Constraint"/> names the
    /// <see cref="PlanningConstraints"/> member, <see cref="RejectionReason.Detail"/> says what the configuration lacks.
    /// </summary>
    ExcludedByConstraint,

    /// <summary>
    /// The tensor-parallel degree (<see cref="RejectionReason.Needed"/>) does not divide the model's attention heads
    /// (<see cref="RejectionReason.Available"/>).
    /// </summary>
    TensorParallelIndivisible,

    /// <summary>
    /// The model's context window (<see cref="RejectionReason.Available"/> tokens) is shorter than the traffic's p95
    /// prompt plus output (<see cref="RejectionReason.Needed"/> tokens).
    /// </summary>
    ContextTooShort,

    /// <summary>
    /// The weights do not fit in GPU memory: <see cref="RejectionReason.Needed"/> GiB of weights per GPU,
    /// <see cref="RejectionReason.Available"/> GiB usable.
    /// </summary>
    DoesNotFitInMemory,

    /// <summary>The performance model has no data for the configuration (e.g. no benchmark); <see cref="RejectionReason.Detail"/> says which.</summary>
    NoPerformanceData,

    /// <summary>
    /// The traffic profile lies outside what the configuration was benchmarked with: a mean prompt of
    /// <see cref="RejectionReason.Needed"/> tokens; <see cref="RejectionReason.Detail"/> gives the benchmarked range.
    /// </summary>
    TrafficOutsideBenchmarks,

    /// <summary>
    /// The load per replica (<see cref="RejectionReason.Needed"/> req/s) is beyond the highest benchmarked rate
    /// (<see cref="RejectionReason.Available"/> req/s).
    /// </summary>
    LoadBeyondBenchmarks,

    /// <summary>The predicted latency misses SLO targets: <see cref="RejectionReason.SloMisses"/> at <see cref="RejectionReason.Percentile"/>.</summary>
    SloMissed,

    /// <summary>
    /// The continuous-batching simulation misses SLO targets even with <see cref="RejectionReason.Replicas"/> replicas:
    /// <see cref="RejectionReason.SloMisses"/> at <see cref="RejectionReason.Percentile"/> (or the queue kept growing).
    /// </summary>
    SloMissedInSimulation,

    /// <summary>
    /// The requests in flight need <see cref="RejectionReason.Needed"/> KV-cache tokens, more than the
    /// <see cref="RejectionReason.Available"/> that fit.
    /// </summary>
    KvCacheTooSmall,

    /// <summary>A replica cannot keep up with the load at all (the engine or the API server saturates); <see cref="RejectionReason.Detail"/> says where.</summary>
    Saturated,

    /// <summary>No price is listed for the GPU under the payment model and provider; <see cref="RejectionReason.Detail"/> says which.</summary>
    NoPrice,

    /// <summary>It costs <see cref="RejectionReason.Needed"/> USD per month, more than the budget of <see cref="RejectionReason.Available"/>.</summary>
    OverBudget,
}
