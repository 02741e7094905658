using Compass.Core;

namespace Compass.Planning.Specification;

/// <summary>An intent with every override applied, and the specification derived from it: the input of the planner.</summary>
/// <param name="Intent">The effective intent.</param>
/// <param name="Specification">The traffic, SLOs and constraints.</param>
public sealed record PlanRequest(DeploymentIntent Intent, DeploymentSpecification Specification);
