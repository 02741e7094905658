using System.Collections.Immutable;
using System.Globalization;

namespace Compass.Core;

/// <summary>
/// Why one configuration cannot be recommended, as data: made where the decision is made and carried through the plan
/// (<see cref="ExclusionSummary.Sample"/>), so that callers branch on <see cref="Kind"/> and its values rather than on
/// wording. <see cref="Describe"/> renders it as text; <see cref="RejectionKind"/> says which members each kind fills.
/// </summary>
public sealed record RejectionReason
{
    /// <summary>Gets the kind of reason.</summary>
    public required RejectionKind Kind { get; init; }

    /// <summary>Gets the configuration it applies to, as a user recognizes it (model, format, GPUs), when known.</summary>
    public string? Configuration { get; init; }

    /// <summary>Gets what the configuration needs, in the unit its <see cref="Kind"/> documents.</summary>
    public double? Needed { get; init; }

    /// <summary>Gets what is available or allowed, in the same unit as <see cref="Needed"/>.</summary>
    public double? Available { get; init; }

    /// <summary>Gets the SLO targets missed (for <see cref="RejectionKind.SloMissed"/> and <see cref="RejectionKind.SloMissedInSimulation"/>).</summary>
    public ImmutableArray<SloMiss> SloMisses { get; init; } = [];

    /// <summary>Gets the SLO percentile the misses are read at.</summary>
    public double? Percentile { get; init; }

    /// <summary>Gets the replicas the simulation tried up to (for <see cref="RejectionKind.SloMissedInSimulation"/>).</summary>
    public int? Replicas { get; init; }

    /// <summary>Gets the load per replica at which it fails, when it fails even at the lightest load the replica limit allows.</summary>
    public double? RequestRatePerReplica { get; init; }

    /// <summary>Gets the name of the <see cref="PlanningConstraints"/> member that rules it out (for <see cref="RejectionKind.ExcludedByConstraint"/>).</summary>
    public string? Constraint { get; init; }

    /// <summary>Gets more text for a user, when the kind's values do not say it all.</summary>
    public string? Detail { get; init; }

    /// <summary>Makes a reason of kind <see cref="RejectionKind.Other"/> from text (e.g. a custom performance model's).</summary>
    /// <param name="detail">The text, for a user.</param>
    /// <returns>The reason.</returns>
    /// <exception cref="ArgumentException">The text is blank.</exception>
    public static RejectionReason Other(string detail) => new() { Kind = RejectionKind.Other, Detail = Guard.NotBlank(detail) };

    /// <summary>Gets a short, general description of a kind, for grouping (e.g. "does not fit in GPU memory").</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The description.</returns>
    public static string DescribeKind(RejectionKind kind) => kind switch
    {
        RejectionKind.ExcludedByConstraint => "excluded by a planning constraint",
        RejectionKind.TensorParallelIndivisible => "tensor parallelism does not divide the attention heads",
        RejectionKind.ContextTooShort => "context window shorter than the profile's p95 prompt + output",
        RejectionKind.DoesNotFitInMemory => "does not fit in GPU memory",
        RejectionKind.NoPerformanceData => "no performance data for the configuration",
        RejectionKind.TrafficOutsideBenchmarks => "traffic profile outside the benchmarked range",
        RejectionKind.LoadBeyondBenchmarks => "load beyond the benchmarked rates",
        RejectionKind.SloMissed => "misses the SLOs",
        RejectionKind.SloMissedInSimulation => "misses the SLOs in simulation",
        RejectionKind.KvCacheTooSmall => "KV cache too small for the concurrency",
        RejectionKind.Saturated => "cannot serve the load",
        RejectionKind.NoPrice => "no price for the payment model",
        RejectionKind.OverBudget => "over budget",
        _ => "cannot be planned",
    };

    /// <summary>Renders the reason for a user: the configuration, then what is wrong, with its numbers.</summary>
    /// <returns>The text.</returns>
    public string Describe()
    {
        var what = Kind switch
        {
            RejectionKind.ExcludedByConstraint => $"ruled out by {nameof(PlanningConstraints)}.{Constraint ?? "?"}" + DetailInParentheses(),
            RejectionKind.TensorParallelIndivisible when Needed is not null && Available is not null
                => F($"{Available:0} attention heads, which tensor parallelism {Needed:0} does not divide"),
            RejectionKind.ContextTooShort when Needed is not null && Available is not null
                => F($"a {Available:N0}-token context window < {Needed:N0} tokens of p95 prompt + output"),
            RejectionKind.DoesNotFitInMemory when Needed is not null && Available is not null
                => F($"does not fit ({Needed:0.#} GiB of weights per GPU, {Available:0.#} GiB usable)"),
            RejectionKind.LoadBeyondBenchmarks when Needed is not null && Available is not null
                => F($"{Needed:0.###} req/s per replica is beyond the benchmarked rates") + (Detail is null ? string.Empty : " of " + Detail) + F($", which reach {Available:0.###} req/s"),
            RejectionKind.TrafficOutsideBenchmarks when Needed is not null
                => F($"a {Needed:0}-token mean prompt is outside the benchmarked prompt lengths") + DetailInParentheses(),
            RejectionKind.SloMissed when !SloMisses.IsEmpty => F($"misses the p{Percentile:0.#} SLO: {Misses()}"),
            RejectionKind.SloMissedInSimulation => F($"misses the SLOs in simulation even with {Replicas} replica(s)")
                + (SloMisses.IsEmpty ? DetailInParentheses() : F($" (simulated p{Percentile:0.#}: {Misses()}") + (Detail is null ? ")" : $", {Detail})")),
            RejectionKind.KvCacheTooSmall when Needed is not null && Available is not null
                => F($"the requests in flight need {Needed:N0} KV-cache tokens, more than the {Available:N0} that fit"),
            RejectionKind.OverBudget when Needed is not null && Available is not null => F($"${Needed:N0}/month > ${Available:N0}"),
            _ => Detail ?? DescribeKind(Kind),
        };
        if (RequestRatePerReplica is { } rate)
        {
            what += F($" even at light load ({rate:0.###} req/s per replica)");
        }

        return Configuration is null ? what : $"{Configuration}: {what}";
    }

    /// <inheritdoc />
    public override string ToString() => Describe();

    private string DetailInParentheses() => Detail is null ? string.Empty : $" ({Detail})";

    private string Misses() => string.Join(", ", SloMisses.Select(m => m.Metric switch
    {
        SloMetric.Ttft => F($"TTFT {m.PredictedMs:0} ms > {m.TargetMs:0} ms"),
        SloMetric.Itl => F($"ITL {m.PredictedMs:0.#} ms > {m.TargetMs:0.#} ms"),
        _ => F($"E2E {m.PredictedMs:0} ms > {m.TargetMs:0} ms"),
    }));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
