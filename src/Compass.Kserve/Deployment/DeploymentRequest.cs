namespace Compass.Kserve.Deployment;

/// <summary>What to deploy and how.</summary>
/// <param name="Manifests">The objects to apply (see <see cref="ManifestLoader"/>).</param>
public sealed record DeploymentRequest(IReadOnlyList<ManifestDocument> Manifests)
{
    /// <summary>Gets the namespace for objects that name none; <see langword="null"/> for the options' default.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Gets the namespace the manifests were written for (a kustomization's <c>namespace</c>, see
    /// <see cref="ManifestSource.Namespace"/>), or <see langword="null"/>. Objects without a namespace go there; and
    /// when <see cref="Namespace"/> names another one, the objects move to it, together with the <c>namespace="…"</c>
    /// matchers of the queries Compass generated (alerts, autoscaling, dashboard) and ServiceMonitor namespace selectors.
    /// </summary>
    public string? SourceNamespace { get; init; }

    /// <summary>Gets the deployment's name (the <c>app.kubernetes.io/instance</c> label); <see langword="null"/> for the InferenceService's name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets a value indicating whether to create the namespace when it does not exist.</summary>
    public bool CreateNamespace { get; init; }

    /// <summary>Gets a value indicating whether to only validate on the server (<c>dryRun=All</c>): nothing is stored.</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets a value indicating whether to take ownership of fields another field manager owns (server-side apply <c>force</c>).</summary>
    public bool Force { get; init; }
}
