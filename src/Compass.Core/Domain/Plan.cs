using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>Why candidates were not recommended, by kind of reason, with counts.</summary>
/// <param name="Reason">The kind of reason, as text (<see cref="RejectionReason.DescribeKind"/>).</param>
/// <param name="Count">How many candidates it removed.</param>
/// <param name="Example">One such candidate and its reason, as text (<see cref="RejectionReason.Describe"/>), for the user to recognize.</param>
public sealed record ExclusionSummary(string Reason, int Count, string Example)
{
    /// <summary>Gets the kind of reason (<see cref="RejectionKind.Other"/> in plans written before kinds existed).</summary>
    public RejectionKind Kind { get; init; }

    /// <summary>Gets the example's reason as data, when the plan carries it.</summary>
    public RejectionReason? Sample { get; init; }

    /// <summary>Summarizes rejections of one kind.</summary>
    /// <param name="reasons">The reasons, all of one kind; the first is the example.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">There are no reasons, or they are of more than one kind.</exception>
    public static ExclusionSummary Of(IReadOnlyList<RejectionReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        if (reasons.Count == 0 || reasons.Any(r => r.Kind != reasons[0].Kind))
        {
            throw new ArgumentException("Summarize one or more reasons of one kind.", nameof(reasons));
        }

        var first = reasons[0];
        return new ExclusionSummary(RejectionReason.DescribeKind(first.Kind), reasons.Count, first.Describe()) { Kind = first.Kind, Sample = first };
    }
}

/// <summary>
/// The outcome of planning: the intent, the traffic and SLOs derived from it, and ranked recommendations. A plan is a
/// value: serializable to JSON and back, and the only input later steps (manifests, validation) need.
/// </summary>
public sealed record Plan
{
    /// <summary>Gets the schema version of this document.</summary>
    public string SchemaVersion { get; init; } = "1";

    /// <summary>Gets the intent the plan answers.</summary>
    public required DeploymentIntent Intent { get; init; }

    /// <summary>Gets the use case.</summary>
    public required UseCase UseCase { get; init; }

    /// <summary>Gets the experience class.</summary>
    public required ExperienceClass ExperienceClass { get; init; }

    /// <summary>Gets the traffic profile.</summary>
    public required TrafficProfile Traffic { get; init; }

    /// <summary>Gets the SLO targets.</summary>
    public required SloTargets Slo { get; init; }

    /// <summary>Gets the constraints used.</summary>
    public required PlanningConstraints Constraints { get; init; }

    /// <summary>Gets the recommendations, best first.</summary>
    public required ImmutableArray<Recommendation> Recommendations { get; init; }

    /// <summary>Gets how many configurations were considered.</summary>
    public required int CandidatesConsidered { get; init; }

    /// <summary>Gets why the others were left out.</summary>
    public ImmutableArray<ExclusionSummary> Excluded { get; init; } = [];

    /// <summary>Gets notes for the user (assumptions, what could not be met).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>Gets the specification the plan was made for.</summary>
    public DeploymentSpecification ToSpecification() => new()
    {
        UseCase = UseCase,
        ExperienceClass = ExperienceClass,
        Traffic = Traffic,
        Slo = Slo,
        Constraints = Constraints,
    };
}
