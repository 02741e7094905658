using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Builds the NetworkPolicy that admits traffic to the serving pods only from the gateway and monitoring namespaces,
/// on the serving port. vLLM serves <c>/metrics</c> on the same port as the API, so the monitoring namespaces can reach
/// both: a NetworkPolicy sees ports, not paths. Egress is left open: the storage initializer downloads the weights from
/// Hugging Face, whose addresses no policy can name.
/// </summary>
internal static class NetworkPolicyBuilder
{
    /// <summary>The label Kubernetes sets on every namespace to its name.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static V1NetworkPolicy Build(ServingSettings settings, NetworkPolicyOptions policy, IDictionary<string, string> labels) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = ManifestLabels.PredictorSelector(settings.Name) },
            PolicyTypes = ["Ingress"],
            Ingress = [.. new[] { policy.GatewayNamespaces, policy.MonitoringNamespaces }.Where(n => !n.IsDefaultOrEmpty).Select(n => From(n))],
        },
    };

    // One rule per purpose (client requests, metrics scrapes), so either can be tightened without touching the other.
    private static V1NetworkPolicyIngressRule From(IEnumerable<string> namespaces) => new()
    {
        FromProperty =
        [
            new V1NetworkPolicyPeer
            {
                NamespaceSelector = new V1LabelSelector
                {
                    MatchExpressions = [new V1LabelSelectorRequirement { Key = NamespaceNameLabel, OperatorProperty = "In", Values = [.. namespaces] }],
                },
            },
        ],
        Ports = [new V1NetworkPolicyPort { Port = KserveManifestConstants.ContainerPort, Protocol = "TCP" }],
    };
}
