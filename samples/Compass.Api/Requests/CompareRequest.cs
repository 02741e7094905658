namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/compare</c>: 2–4 named scenarios.</summary>
internal sealed record CompareRequest
{
    /// <summary>Gets the scenarios.</summary>
    public ScenarioRequest[]? Scenarios { get; init; }
}

/// <summary>One named scenario to plan and compare.</summary>
internal sealed record ScenarioRequest
{
    /// <summary>Gets the scenario's name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the overrides.</summary>
    public OverridesRequest? Overrides { get; init; }

    /// <summary>Gets the number of recommendations to keep.</summary>
    public int? Top { get; init; }
}
