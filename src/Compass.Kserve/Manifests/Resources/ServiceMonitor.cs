using k8s.Models;

namespace Compass.Kserve.Manifests.Resources;

/// <summary>A Prometheus-operator <c>ServiceMonitor</c> (<c>monitoring.coreos.com/v1</c>).</summary>
internal sealed record ServiceMonitor
{
    /// <summary>Gets the API version.</summary>
    public string ApiVersion { get; init; } = "monitoring.coreos.com/v1";

    /// <summary>Gets the kind.</summary>
    public string Kind { get; init; } = "ServiceMonitor";

    /// <summary>Gets the metadata.</summary>
    public required V1ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    public required ServiceMonitorSpec Spec { get; init; }
}

/// <summary>The spec of a <see cref="ServiceMonitor"/>.</summary>
internal sealed record ServiceMonitorSpec
{
    /// <summary>Gets the Services to scrape.</summary>
    public required V1LabelSelector Selector { get; init; }

    /// <summary>Gets the endpoints to scrape on them.</summary>
    public required IReadOnlyList<ScrapeEndpoint> Endpoints { get; init; }
}

/// <summary>One scrape endpoint of a <see cref="ServiceMonitor"/>.</summary>
internal sealed record ScrapeEndpoint
{
    /// <summary>Gets the pod port to scrape (the container port, since KServe names the Service port after the component).</summary>
    public required IntOrString TargetPort { get; init; }

    /// <summary>Gets the HTTP path.</summary>
    public string Path { get; init; } = "/metrics";

    /// <summary>Gets the scrape interval.</summary>
    public string Interval { get; init; } = "15s";

    /// <summary>Gets the scrape timeout.</summary>
    public string ScrapeTimeout { get; init; } = "10s";
}
