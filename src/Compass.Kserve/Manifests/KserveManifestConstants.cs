namespace Compass.Kserve.Manifests;

/// <summary>Fixed values the generated manifests share.</summary>
internal static class KserveManifestConstants
{
    /// <summary>The port vLLM and the simulator listen on (KServe's default container port).</summary>
    public const int ContainerPort = 8080;

    /// <summary>Where KServe's storage initializer puts the weights.</summary>
    public const string ModelMountPath = "/mnt/models";

    /// <summary>The container KServe treats as the model server.</summary>
    public const string ContainerName = "kserve-container";

    /// <summary>The label KServe puts on the predictor's pods and Service.</summary>
    public const string InferenceServiceLabel = "serving.kserve.io/inferenceservice";

    /// <summary>The label KServe puts on each component's pods (<c>predictor</c>).</summary>
    public const string ComponentLabel = "component";

    /// <summary>The label and annotation prefix Compass uses for plan facts.</summary>
    public const string AnnotationPrefix = "compass.io/";
}
