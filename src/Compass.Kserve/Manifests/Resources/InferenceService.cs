using k8s.Models;

namespace Compass.Kserve.Manifests.Resources;

/// <summary>A KServe <c>InferenceService</c> (<c>serving.kserve.io/v1beta1</c>), with the fields Compass sets.</summary>
internal sealed record InferenceService
{
    /// <summary>Gets the API version.</summary>
    public string ApiVersion { get; init; } = "serving.kserve.io/v1beta1";

    /// <summary>Gets the kind.</summary>
    public string Kind { get; init; } = "InferenceService";

    /// <summary>Gets the metadata.</summary>
    public required V1ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    public required InferenceServiceSpec Spec { get; init; }
}

/// <summary>The spec of an <see cref="InferenceService"/>.</summary>
internal sealed record InferenceServiceSpec
{
    /// <summary>Gets the predictor.</summary>
    public required PredictorSpec Predictor { get; init; }
}

/// <summary>A KServe predictor: a pod spec (custom containers) plus replica bounds.</summary>
internal sealed record PredictorSpec
{
    /// <summary>Gets the fewest replicas.</summary>
    public int? MinReplicas { get; init; }

    /// <summary>Gets the most replicas.</summary>
    public int? MaxReplicas { get; init; }

    /// <summary>Gets the containers (the first is <c>kserve-container</c>).</summary>
    public required IReadOnlyList<V1Container> Containers { get; init; }

    /// <summary>Gets the node selector.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    /// <summary>Gets the tolerations.</summary>
    public IReadOnlyList<V1Toleration>? Tolerations { get; init; }

    /// <summary>Gets the volumes.</summary>
    public IReadOnlyList<V1Volume>? Volumes { get; init; }

    /// <summary>Gets the grace period for in-flight requests to finish on shutdown, in seconds.</summary>
    public long? TerminationGracePeriodSeconds { get; init; }

    /// <summary>Gets the pod's security context (the settings every container of the pod shares).</summary>
    public V1PodSecurityContext? SecurityContext { get; init; }
}
