using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>Why candidates were not recommended, by reason, with counts.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Count">How many candidates it removed.</param>
/// <param name="Example">One such candidate, for the user to recognize.</param>
public sealed record ExclusionSummary(string Reason, int Count, string Example);

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
