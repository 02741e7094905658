using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>Apply and rollback.</summary>
public sealed partial class KubernetesDeployer
{
    /// <inheritdoc/>
    public async Task<DeploymentResult> ApplyAsync(DeploymentRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Manifests.Count == 0)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, "There are no manifests to apply.");
        }

        var ns = Namespace(request.Namespace);
        var name = InstanceName(request);
        return await ApplyObjectsAsync(request.Manifests, ns, name, request.Namespace is not null, request.CreateNamespace, request.DryRun, request.Force, record: !request.DryRun, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<DeploymentResult> RollbackAsync(string name, string? namespaceName = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ns = Namespace(namespaceName);
        var history = await _revisions.ReadAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (history.Current is not { } current || history.Previous is not { } previous)
        {
            throw new DeploymentException(
                DeploymentFailure.NoRevision,
                history.Current is null
                    ? $"There is no revision history for {name} in namespace {ns} (ConfigMap {RevisionStore.ConfigMapName(name)}); it was not deployed by Compass, or was deployed with --dry-run only."
                    : $"{name} in namespace {ns} has only revision {history.Current}; there is nothing earlier to roll back to.",
                $"{name} in {ns}");
        }

        progress?.Report($"Rolling back {name} from revision {current} to revision {previous}");
        var documents = history.Objects(previous).Select((o, i) => ToDocument(o, $"revision {previous} (object {i + 1})")).ToList();
        var result = await ApplyObjectsAsync(documents, ns, name, explicitNamespace: false, createNamespace: false, dryRun: false, force: true, record: true, progress, cancellationToken).ConfigureAwait(false);

        // Objects the current revision added are removed, so the cluster matches the earlier revision.
        var keep = documents.Select(d => (d.ApiVersion, d.Kind, d.Name, d.Namespace ?? ns)).ToHashSet();
        foreach (var extra in history.Objects(current).Select((o, i) => ToDocument(o, $"revision {current} (object {i + 1})")))
        {
            if (!keep.Contains((extra.ApiVersion, extra.Kind, extra.Name, extra.Namespace ?? ns)))
            {
                var type = await ResourceCatalog.ResolveAsync(_client, extra, cancellationToken).ConfigureAwait(false);
                if (await _resources.DeleteAsync(type, extra.Namespace ?? ns, extra.Name, cancellationToken).ConfigureAwait(false))
                {
                    progress?.Report($"  deleted {extra.Reference} (not in revision {previous})");
                }
            }
        }

        return result;
    }

    private async Task<DeploymentResult> ApplyObjectsAsync(
        IReadOnlyList<ManifestDocument> manifests, string ns, string name, bool explicitNamespace, bool createNamespace, bool dryRun, bool force, bool record,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var plan = new List<(ManifestDocument Document, ResourceType Type, string? Namespace)>();
        foreach (var document in manifests.OrderBy(Order))
        {
            var type = await ResourceCatalog.ResolveAsync(_client, document, cancellationToken).ConfigureAwait(false);
            string? target = null;
            if (type.Namespaced)
            {
                if (explicitNamespace && document.Namespace is not null && document.Namespace != ns)
                {
                    throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{document.Source}: {document.Kind} {document.Name} is in namespace {document.Namespace}, but --namespace is {ns}; remove metadata.namespace from the manifest or deploy to {document.Namespace}.", document.Reference);
                }

                target = document.Namespace ?? ns;
            }

            plan.Add((document, type, target));
        }

        // Namespaces the manifests do not create themselves must exist, or be created when asked.
        var declared = plan.Where(p => p.Type.Plural == "namespaces").Select(p => p.Document.Name).ToHashSet(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in plan.Select(p => p.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).Where(n => !declared.Contains(n)))
        {
            if (await NamespaceExistsAsync(target, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!createNamespace)
            {
                throw new DeploymentException(DeploymentFailure.NotFound, $"The namespace {target} does not exist; create it (kubectl create namespace {target}) or deploy with --create-namespace.", $"Namespace {target}");
            }

            await _resources.CreateNamespaceAsync(target, dryRun, cancellationToken).ConfigureAwait(false);
            progress?.Report(dryRun ? $"namespace/{target} would be created (server dry run)" : $"namespace/{target} created");
            missing.Add(target);
        }

        var applied = new List<AppliedObject>();
        var sent = new List<JsonObject>();
        foreach (var (document, type, target) in plan)
        {
            var body = Labelled(document.ContentClone(), name);
            if (target is not null)
            {
                ((JsonObject)body["metadata"]!)["namespace"] = target;
            }

            if (dryRun && target is not null && missing.Contains(target))
            {
                // The server cannot dry-run objects into a namespace that does not exist yet.
                applied.Add(new AppliedObject(document.Kind, document.ApiVersion, document.Name, target, string.Empty, string.Empty, null));
                progress?.Report($"{Short(type, document.Name)} not validated (its namespace {target} does not exist yet)");
                sent.Add(body);
                continue;
            }

            var answer = await _resources.ApplyAsync(type, target, document.Name, body, dryRun, force, cancellationToken).ConfigureAwait(false);
            var result = Applied(answer, document, target);
            applied.Add(result);
            sent.Add(body);
            progress?.Report($"{Short(type, document.Name)} serverside-applied{(dryRun ? " (server dry run)" : string.Empty)}{(result.ResourceVersion.Length > 0 ? $", resourceVersion {result.ResourceVersion}" : string.Empty)}");
        }

        int? revision = null;
        if (record)
        {
            revision = await _revisions.RecordAsync(ns, name, sent, cancellationToken).ConfigureAwait(false);
            progress?.Report(revision is { } r ? $"recorded revision {r} in configmap/{RevisionStore.ConfigMapName(name)}" : "unchanged: same manifests as the current revision");
        }

        return new DeploymentResult(name, ns, applied, dryRun, revision, missing.Count > 0);
    }

    private async Task<bool> NamespaceExistsAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            return await _resources.GetAsync(ResourceCatalog.Namespace, null, ns, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (DeploymentException ex) when (ex.Failure == DeploymentFailure.Forbidden)
        {
            // Namespace-scoped credentials may not read namespaces; let the apply itself find out.
            return true;
        }
    }

    private static string InstanceName(DeploymentRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            return request.Name;
        }

        var services = request.Manifests.Where(m => m.Kind == ResourceCatalog.InferenceService.Kind && m.Group == ResourceCatalog.InferenceService.Group).Select(m => m.Name).Distinct(StringComparer.Ordinal).ToList();
        return services.Count switch
        {
            1 => services[0],
            0 => throw new DeploymentException(DeploymentFailure.InvalidManifest, "The manifests hold no InferenceService, so the deployment has no name; give one (--name)."),
            _ => throw new DeploymentException(DeploymentFailure.InvalidManifest, $"The manifests hold {services.Count} InferenceServices ({string.Join(", ", services)}); deploy them separately or give the deployment a name (--name)."),
        };
    }

    private static int Order(ManifestDocument document) => document.Kind switch
    {
        "Namespace" => 0,
        "ConfigMap" or "Secret" or "ServiceAccount" or "PersistentVolumeClaim" or "Service" => 1,
        "ServingRuntime" or "ClusterServingRuntime" => 2,
        "InferenceService" => 3,
        _ => 4,
    };

    private static string Short(ResourceType type, string name)
        => type.Group.Length == 0 ? $"{type.Kind.ToLowerInvariant()}/{name}" : $"{type.Kind.ToLowerInvariant()}.{type.Group}/{name}";

    private static ManifestDocument ToDocument(JsonObject content, string source)
        => ManifestLoader.Parse(content.ToJsonString(), source).Single();
}
