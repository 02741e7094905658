using System.Collections.Immutable;

namespace Compass.Planning.Comparison;

/// <summary>One compared field and its value in each scenario, in the order the scenarios were given.</summary>
/// <param name="Field">The field, as a dotted path (e.g. <c>top.gpu</c>, <c>slo.ttftMs</c>).</param>
/// <param name="Values">The value per scenario, formatted invariantly; <see langword="null"/> where the scenario has none
/// (a plan without recommendations has no top recommendation).</param>
public sealed record PlanDifference(string Field, ImmutableArray<string?> Values);
