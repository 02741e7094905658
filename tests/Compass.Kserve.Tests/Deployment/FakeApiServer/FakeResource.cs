namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>A resource type the fake API server serves.</summary>
internal sealed record FakeResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static readonly IReadOnlyList<FakeResource> All =
    [
        new("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices", true),
        new("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects", true),
        new("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors", true),
        new("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules", true),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
        new("example.com", "v1", "Widget", "widgets", true),
        new(string.Empty, "v1", "ConfigMap", "configmaps", true),
        new(string.Empty, "v1", "Secret", "secrets", true),
        new(string.Empty, "v1", "Service", "services", true),
        new(string.Empty, "v1", "ServiceAccount", "serviceaccounts", true),
        new(string.Empty, "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        new(string.Empty, "v1", "Pod", "pods", true),
        new(string.Empty, "v1", "Event", "events", true),
        new(string.Empty, "v1", "Namespace", "namespaces", false),
    ];
}
