using k8s;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Resolves apiVersion and kind to a <see cref="ResourceType"/>: from a table of the kinds Compass generates, and
/// otherwise from the API server's discovery document for that group and version.
/// </summary>
internal static class ResourceCatalog
{
    /// <summary>The InferenceService type (<c>serving.kserve.io/v1beta1</c>).</summary>
    public static readonly ResourceType InferenceService = new("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices", true);

    /// <summary>The ConfigMap type (<c>v1</c>).</summary>
    public static readonly ResourceType ConfigMap = new(string.Empty, "v1", "ConfigMap", "configmaps", true);

    /// <summary>The Namespace type (<c>v1</c>, cluster-scoped).</summary>
    public static readonly ResourceType Namespace = new(string.Empty, "v1", "Namespace", "namespaces", false);

    /// <summary>The kinds known without discovery.</summary>
    public static readonly IReadOnlyList<ResourceType> Known =
    [
        InferenceService,
        new("serving.kserve.io", "v1alpha1", "ServingRuntime", "servingruntimes", true),
        new("serving.kserve.io", "v1alpha1", "ClusterServingRuntime", "clusterservingruntimes", false),
        new("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects", true),
        new("keda.sh", "v1alpha1", "TriggerAuthentication", "triggerauthentications", true),
        new("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors", true),
        new("monitoring.coreos.com", "v1", "PodMonitor", "podmonitors", true),
        new("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules", true),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("apps", "v1", "Deployment", "deployments", true),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
        ConfigMap,
        Namespace,
        new(string.Empty, "v1", "Secret", "secrets", true),
        new(string.Empty, "v1", "Service", "services", true),
        new(string.Empty, "v1", "ServiceAccount", "serviceaccounts", true),
        new(string.Empty, "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
    ];

    /// <summary>Finds a kind in <see cref="Known"/>.</summary>
    /// <param name="apiVersion">The apiVersion.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The type, or <see langword="null"/> when it is not in the table.</returns>
    public static ResourceType? Find(string apiVersion, string kind)
        => Known.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Resolves a kind from the table, or from the API server's discovery document.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="document">The object.</param>
    /// <param name="cancellationToken">Cancels the discovery request.</param>
    /// <returns>The type.</returns>
    /// <exception cref="DeploymentException">The server does not serve the kind (its CRD is not installed) or cannot be asked.</exception>
    public static async Task<ResourceType> ResolveAsync(IKubernetes client, ManifestDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(document);
        if (Find(document.ApiVersion, document.Kind) is { } known)
        {
            return known;
        }

        var list = await KubernetesErrors.Guard(
            () => document.Group.Length == 0 ? client.CoreV1.GetAPIResourcesAsync(cancellationToken) : client.CustomObjects.GetAPIResourcesAsync(document.Group, document.Version, cancellationToken),
            "discover", document.Reference, new ResourceType(document.Group, document.Version, document.Kind, document.Kind.ToLowerInvariant() + "s", true), null, cancellationToken: cancellationToken).ConfigureAwait(false);
        var found = list.Resources?.FirstOrDefault(r => r.Kind == document.Kind && !r.Name.Contains('/', StringComparison.Ordinal));
        return found is null
            ? throw new DeploymentException(DeploymentFailure.NotFound, $"The cluster does not serve kind {document.Kind} in {document.ApiVersion} ({document.Source}); install the operator that defines it, or fix apiVersion/kind.", document.Reference)
            : new ResourceType(document.Group, document.Version, document.Kind, found.Name, found.Namespaced);
    }
}
