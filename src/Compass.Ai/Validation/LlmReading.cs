using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Ai.Validation;

/// <summary>
/// What the LLM's answer says once validated against the catalog and the bounds: only values that passed, and
/// <see langword="null"/> (or empty) for every field the answer did not state or stated wrongly.
/// </summary>
internal sealed record LlmReading
{
    /// <summary>Gets the use case the answer resolved to, if any.</summary>
    public UseCase? UseCase { get; init; }

    /// <summary>Gets whether the answer says the text stated the use case.</summary>
    public bool UseCaseMentioned { get; init; }

    /// <summary>Gets the user count, if stated and in range.</summary>
    public int? UserCount { get; init; }

    /// <summary>Gets whether the users are concurrent.</summary>
    public bool UsersAreConcurrent { get; init; }

    /// <summary>Gets the request rate, if stated and in range.</summary>
    public double? ExpectedQps { get; init; }

    /// <summary>Gets the latency priority, if stated.</summary>
    public Priority? LatencyPriority { get; init; }

    /// <summary>Gets the cost priority, if stated.</summary>
    public Priority? CostPriority { get; init; }

    /// <summary>Gets the accuracy priority, if stated.</summary>
    public Priority? AccuracyPriority { get; init; }

    /// <summary>Gets the GPU types the catalog knows.</summary>
    public ImmutableArray<GpuType> PreferredGpuTypes { get; init; } = [];

    /// <summary>Gets the models the catalog knows.</summary>
    public ImmutableArray<ModelId> PreferredModels { get; init; } = [];

    /// <summary>Gets the monthly budget, if stated and in range.</summary>
    public double? MaxMonthlyCostUsd { get; init; }

    /// <summary>Gets the deployment model, if stated.</summary>
    public DeploymentModel? DeploymentModel { get; init; }

    /// <summary>Gets what was dropped or reinterpreted, for the user.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}
