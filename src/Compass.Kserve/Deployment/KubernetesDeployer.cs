using System.Text.Json.Nodes;
using k8s;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Deploys manifests to a Kubernetes cluster with KubernetesClient: server-side apply (field manager
/// <c>compass</c>), server dry run, namespace creation, the Compass labels, a revision history for rollback, waiting
/// for the InferenceService to become Ready, status, list and delete.
/// </summary>
/// <remarks>
/// Thread-safe. Every failure is a <see cref="DeploymentException"/> that says what failed, on which object and how
/// to fix it. Dispose it to release the HTTP client it created.
/// </remarks>
public sealed partial class KubernetesDeployer : IDeploymentTarget, IDisposable
{
    /// <summary>The label KServe puts on an InferenceService's pods.</summary>
    public const string InferenceServiceLabel = "serving.kserve.io/inferenceservice";

    private static readonly ResourceType Pods = new(string.Empty, "v1", "Pod", "pods", true);
    private static readonly ResourceType Events = new(string.Empty, "v1", "Event", "events", true);

    private readonly IKubernetes _client;
    private readonly ResourceClient _resources;
    private readonly RevisionStore _revisions;
    private readonly KubernetesDeploymentOptions _options;
    private readonly TimeProvider _time;
    private readonly string _defaultNamespace;

    /// <summary>Initializes a new instance of the <see cref="KubernetesDeployer"/> class from a kubeconfig or the in-cluster configuration.</summary>
    /// <param name="options">Where the cluster is and how long to wait.</param>
    /// <param name="timeProvider">The clock for waiting; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DeploymentException">The configuration cannot be loaded.</exception>
    public KubernetesDeployer(KubernetesDeploymentOptions options, TimeProvider? timeProvider = null)
        : this(KubernetesConfiguration.Load(Checked(options)), options, timeProvider)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KubernetesDeployer"/> class from a KubernetesClient configuration.</summary>
    /// <param name="configuration">The cluster and credentials.</param>
    /// <param name="options">Namespace, timeouts and revisions; defaults when null (kubeconfig settings in it are ignored).</param>
    /// <param name="timeProvider">The clock for waiting; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public KubernetesDeployer(KubernetesClientConfiguration configuration, KubernetesDeploymentOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _options = Checked(options ?? new KubernetesDeploymentOptions()).Copy();
        _time = timeProvider ?? TimeProvider.System;
        _client = KubernetesConfiguration.CreateClient(configuration);
        Server = Uri.TryCreate(configuration.Host, UriKind.Absolute, out var host) ? host : null;
        _resources = new ResourceClient(_client, Server);
        _revisions = new RevisionStore(_resources, _options.MaxRevisions);
        _defaultNamespace = _options.Namespace ?? configuration.Namespace ?? "default";
        var context = configuration.CurrentContext;
        Cluster = context is null
            ? $"cluster {Server?.ToString() ?? configuration.Host ?? "?"}"
            : $"context {context} ({Server?.ToString() ?? configuration.Host ?? "?"})";
    }

    /// <summary>Gets the API server's address, if known.</summary>
    public Uri? Server { get; }

    /// <summary>Gets the cluster this deployer talks to, for people to check before they confirm a change: the kubeconfig context and the API server's address.</summary>
    public string Cluster { get; }

    /// <summary>Gets the namespace used when none is given.</summary>
    public string DefaultNamespace => _defaultNamespace;

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static KubernetesDeploymentOptions Checked(KubernetesDeploymentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private string Namespace(string? @namespace) => string.IsNullOrWhiteSpace(@namespace) ? _defaultNamespace : @namespace;

    private static JsonObject Labelled(JsonObject content, string instance)
    {
        var metadata = content["metadata"] as JsonObject ?? [];
        content["metadata"] = metadata;
        foreach (var server in new[] { "resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink" })
        {
            metadata.Remove(server);
        }

        content.Remove("status");
        var labels = metadata["labels"] as JsonObject ?? [];
        metadata["labels"] = labels;
        labels[KserveNames.ManagedByLabel] = KserveNames.Manager;
        labels[KserveNames.InstanceLabel] = instance;
        return content;
    }

    private static AppliedObject Applied(JsonObject answer, ManifestDocument document, string? @namespace)
    {
        var metadata = answer["metadata"] as JsonObject;
        var generation = metadata?["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : (long?)null;
        return new AppliedObject(document.Kind, document.ApiVersion, document.Name, @namespace,
            StatusReader.Text(metadata, "uid") ?? string.Empty, StatusReader.Text(metadata, "resourceVersion") ?? string.Empty, generation);
    }
}
