using System.Collections.Immutable;

namespace Compass.Planning.Comparison;

/// <summary>The result of comparing 2–4 named plans.</summary>
/// <param name="Scenarios">The names of the scenarios, in the order given.</param>
/// <param name="Differences">The fields whose values differ between at least two scenarios, in a fixed order.</param>
/// <param name="Same">The compared fields whose values are equal in every scenario.</param>
public sealed record PlanComparison(ImmutableArray<string> Scenarios, ImmutableArray<PlanDifference> Differences, ImmutableArray<string> Same);
