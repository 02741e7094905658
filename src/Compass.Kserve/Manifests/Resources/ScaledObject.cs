using k8s.Models;

namespace Compass.Kserve.Manifests.Resources;

/// <summary>A KEDA <c>ScaledObject</c> (<c>keda.sh/v1alpha1</c>), with the fields Compass sets.</summary>
internal sealed record ScaledObject
{
    /// <summary>Gets the API version.</summary>
    public string ApiVersion { get; init; } = "keda.sh/v1alpha1";

    /// <summary>Gets the kind.</summary>
    public string Kind { get; init; } = "ScaledObject";

    /// <summary>Gets the metadata.</summary>
    public required V1ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    public required ScaledObjectSpec Spec { get; init; }
}

/// <summary>The spec of a <see cref="ScaledObject"/>.</summary>
internal sealed record ScaledObjectSpec
{
    /// <summary>Gets the workload to scale.</summary>
    public required ScaleTargetRef ScaleTargetRef { get; init; }

    /// <summary>Gets how often KEDA checks the triggers, in seconds.</summary>
    public int? PollingInterval { get; init; }

    /// <summary>Gets how long after the last activity KEDA waits before scaling to <see cref="IdleReplicaCount"/>, in seconds.</summary>
    public int? CooldownPeriod { get; init; }

    /// <summary>Gets the replica count while idle (0 = scale to zero), or <see langword="null"/> to stay at the minimum.</summary>
    public int? IdleReplicaCount { get; init; }

    /// <summary>Gets the fewest replicas while active.</summary>
    public required int MinReplicaCount { get; init; }

    /// <summary>Gets the most replicas.</summary>
    public required int MaxReplicaCount { get; init; }

    /// <summary>Gets the HPA behaviour.</summary>
    public ScaledObjectAdvanced? Advanced { get; init; }

    /// <summary>Gets the triggers.</summary>
    public required IReadOnlyList<ScaleTrigger> Triggers { get; init; }
}

/// <summary>The workload a <see cref="ScaledObject"/> scales.</summary>
/// <param name="ApiVersion">Its API version.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name.</param>
internal sealed record ScaleTargetRef(string ApiVersion, string Kind, string Name);

/// <summary>Advanced KEDA settings.</summary>
/// <param name="HorizontalPodAutoscalerConfig">The HPA KEDA creates.</param>
internal sealed record ScaledObjectAdvanced(HorizontalPodAutoscalerConfig HorizontalPodAutoscalerConfig);

/// <summary>The HPA KEDA creates.</summary>
/// <param name="Behavior">Its scale-up and scale-down behaviour.</param>
internal sealed record HorizontalPodAutoscalerConfig(V2HorizontalPodAutoscalerBehavior Behavior);

/// <summary>One KEDA trigger.</summary>
internal sealed record ScaleTrigger
{
    /// <summary>Gets the scaler (<c>prometheus</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the trigger's name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the metric type (<c>AverageValue</c>: the threshold is per replica).</summary>
    public string? MetricType { get; init; }

    /// <summary>Gets the scaler's settings.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
}
