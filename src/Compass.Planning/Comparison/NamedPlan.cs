using Compass.Core;

namespace Compass.Planning.Comparison;

/// <summary>A plan with the name of the scenario it was made for.</summary>
/// <param name="Name">The scenario's name (e.g. "A", "budget").</param>
/// <param name="Plan">The plan.</param>
public sealed record NamedPlan(string Name, Plan Plan);
