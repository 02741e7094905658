using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>A range of acceptable values for one latency target, in milliseconds, and the default chosen within it.</summary>
public sealed record SloRange
{
    /// <summary>Gets the strictest sensible target (what a latency-critical deployment aims for).</summary>
    public required double Min { get; init => field = Guard.PositiveFinite(value, nameof(Min)); }

    /// <summary>Gets the loosest acceptable target.</summary>
    public required double Max { get; init => field = Guard.PositiveFinite(value, nameof(Max)); }

    /// <summary>Gets the target used when the user does not state a latency priority.</summary>
    public required double Default { get; init => field = Guard.PositiveFinite(value, nameof(Default)); }

    /// <summary>Checks that Min ≤ Default ≤ Max.</summary>
    /// <param name="name">The metric's name, for the message.</param>
    /// <exception cref="ArgumentException">The range is inverted or the default lies outside it.</exception>
    public void Validate(string name)
    {
        if (!(Min <= Default && Default <= Max))
        {
            throw new ArgumentException($"The {name} range must satisfy min ≤ default ≤ max (got {Min}, {Default}, {Max}).");
        }
    }
}

/// <summary>The SLO side of a use-case template: a range per metric at one percentile.</summary>
public sealed record SloTemplate
{
    /// <summary>Gets the time-to-first-token range.</summary>
    public required SloRange TtftMs { get; init; }

    /// <summary>Gets the inter-token latency range.</summary>
    public required SloRange ItlMs { get; init; }

    /// <summary>Gets the end-to-end latency range.</summary>
    public required SloRange E2eMs { get; init; }

    /// <summary>Gets the percentile the targets apply to (default 95).</summary>
    public double Percentile { get; init; } = 95;

    /// <summary>Picks targets for a latency priority: high → the strict end of each range, low → the loose end, medium → the default.</summary>
    /// <param name="latency">The user's latency priority.</param>
    /// <returns>The targets.</returns>
    public SloTargets TargetsFor(Priority latency)
    {
        static double Pick(SloRange range, Priority priority) => priority switch
        {
            Priority.High => range.Min + (0.25 * (range.Max - range.Min)),
            Priority.Low => range.Max,
            _ => range.Default,
        };

        return SloTargets.Create(Pick(TtftMs, latency), Pick(ItlMs, latency), Pick(E2eMs, latency), Percentile);
    }
}

/// <summary>The traffic side of a use-case template: how many users are active, how often they send requests, and what they send.</summary>
public sealed record WorkloadTemplate
{
    /// <summary>Gets the fraction of all users active at a typical busy time, in (0, 1].</summary>
    public required double ActiveFraction { get; init => field = Guard.Fraction(value, nameof(ActiveFraction)); }

    /// <summary>Gets the requests each active user sends per minute.</summary>
    public required double RequestsPerActiveUserPerMinute { get; init => field = Guard.PositiveFinite(value, nameof(RequestsPerActiveUserPerMinute)); }

    /// <summary>Gets the ratio of peak to mean request rate (≥ 1).</summary>
    public required double PeakMultiplier
    {
        get;
        init => field = value >= 1 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(PeakMultiplier), value, "The peak multiplier must be at least 1.");
    }

    /// <summary>Gets the arrival process.</summary>
    public required ArrivalPattern Arrival { get; init; }

    /// <summary>Gets the prompt-length distribution.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution.</summary>
    public required TokenDistribution OutputTokens { get; init; }
}

/// <summary>
/// Everything Compass assumes about one use case: its experience class, SLOs, traffic shape and serving hints, with a
/// note on where each number comes from. The knowledge base holds one table of these.
/// </summary>
public sealed record UseCaseTemplate
{
    /// <summary>Gets the use-case id.</summary>
    public required UseCase Id { get; init; }

    /// <summary>Gets a human name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets a one-line description.</summary>
    public required string Description { get; init; }

    /// <summary>Gets how users experience latency.</summary>
    public required ExperienceClass ExperienceClass { get; init; }

    /// <summary>Gets the SLO ranges.</summary>
    public required SloTemplate Slo { get; init; }

    /// <summary>Gets the traffic shape.</summary>
    public required WorkloadTemplate Workload { get; init; }

    /// <summary>Gets whether requests share long prefixes (system prompts, documents) so that vLLM's prefix caching pays off.</summary>
    public bool BenefitsFromPrefixCaching { get; init; }

    /// <summary>Gets whether a cold start of minutes is acceptable, so that the service may scale to zero.</summary>
    public bool ToleratesColdStart { get; init; }

    /// <summary>Gets the domains the use case needs a model to be good at (<c>code</c>, <c>multilingual</c>, <c>legal</c>…).</summary>
    public ImmutableArray<string> Domains { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets where each number comes from, keyed by field (<c>slo</c>, <c>workload</c>, <c>tokens</c>…).</summary>
    public ImmutableDictionary<string, string> Sources { get => field ?? ImmutableDictionary<string, string>.Empty; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Checks the template's internal consistency.</summary>
    /// <exception cref="ArgumentException">A range is inverted or the default targets are inconsistent.</exception>
    public void Validate()
    {
        Slo.TtftMs.Validate($"{Id} TTFT");
        Slo.ItlMs.Validate($"{Id} ITL");
        Slo.E2eMs.Validate($"{Id} E2E");
        foreach (var priority in Enum.GetValues<Priority>())
        {
            Slo.TargetsFor(priority).EnsureConsistent();
        }
    }
}
