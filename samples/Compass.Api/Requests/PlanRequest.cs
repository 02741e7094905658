namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/plan</c>: a description, overrides, or both.</summary>
internal sealed record PlanRequest
{
    /// <summary>Gets the plain-language description of the workload.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the values that override what the description says.</summary>
    public OverridesRequest? Overrides { get; init; }

    /// <summary>Gets the number of recommendations to return (default 5).</summary>
    public int? Top { get; init; }
}
