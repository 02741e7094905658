using System.Collections.Immutable;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Who may reach the serving pods when a NetworkPolicy is generated: the gateway (or ingress) namespaces that route
/// client requests, and the monitoring namespaces whose Prometheus scrapes <c>/metrics</c>. Every other pod, the
/// deployment's own namespace included, is refused. Namespaces are matched by their
/// <c>kubernetes.io/metadata.name</c> label, which Kubernetes sets on every namespace.
/// </summary>
public sealed record NetworkPolicyOptions
{
    /// <summary>The most namespaces either list may hold.</summary>
    public const int MaxNamespaces = 32;

    /// <summary>Gets the namespaces of the gateway or ingress that sends client requests (e.g. <c>istio-system</c>, <c>envoy-gateway-system</c>).</summary>
    public ImmutableArray<string> GatewayNamespaces { get; init; } = [];

    /// <summary>Gets the namespaces allowed to scrape metrics. Default <c>monitoring</c>, where <see cref="ManifestOptions.PrometheusAddress"/> points.</summary>
    public ImmutableArray<string> MonitoringNamespaces { get; init; } = ["monitoring"];

    /// <summary>Checks the lists.</summary>
    /// <exception cref="ArgumentException">A name is not a DNS-1123 label, a list repeats a name or is too long, or both lists are empty.</exception>
    public void Validate()
    {
        Check(GatewayNamespaces, nameof(GatewayNamespaces));
        Check(MonitoringNamespaces, nameof(MonitoringNamespaces));
        if (GatewayNamespaces.IsDefaultOrEmpty && MonitoringNamespaces.IsDefaultOrEmpty)
        {
            throw new ArgumentException("The NetworkPolicy names no namespace, so it would refuse all traffic; name the gateway namespace (and the monitoring one), or generate no NetworkPolicy.", nameof(GatewayNamespaces));
        }
    }

    private static void Check(ImmutableArray<string> namespaces, string name)
    {
        if (namespaces.IsDefaultOrEmpty)
        {
            return;
        }

        if (namespaces.Length > MaxNamespaces)
        {
            throw new ArgumentException($"The NetworkPolicy's {name} lists {namespaces.Length} namespaces; at most {MaxNamespaces} are allowed.", name);
        }

        foreach (var ns in namespaces)
        {
            if (ns is null || !ResourceNames.IsDnsLabel(ns))
            {
                throw new ArgumentException($"The NetworkPolicy's {name} holds '{ns}', which is not a namespace name (a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters).", name);
            }
        }

        if (namespaces.Distinct(StringComparer.Ordinal).Count() != namespaces.Length)
        {
            throw new ArgumentException($"The NetworkPolicy's {name} names a namespace twice.", name);
        }
    }
}
