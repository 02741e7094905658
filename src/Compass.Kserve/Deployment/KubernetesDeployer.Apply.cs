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

        var manifests = request.Manifests;
        if (request.Namespace is { } target && request.SourceNamespace is { } source && target != source)
        {
            manifests = NamespaceRetarget.Apply(manifests, source, target);
            progress?.Report($"moving the manifests from namespace {source} (as generated) to {target}, with their monitoring queries");
        }

        var ns = request.Namespace ?? request.SourceNamespace ?? CommonNamespace(manifests) ?? _defaultNamespace;
        var name = InstanceName(request);
        var (result, sent, created) = await ApplyObjectsAsync(manifests, ns, name, request.Namespace is not null, request.CreateNamespace, request.DryRun, request.Force, checkSize: !request.DryRun, progress, cancellationToken).ConfigureAwait(false);
        if (request.DryRun)
        {
            return result;
        }

        var revision = await RecordAsync(ns, name, sent, created, [], progress, cancellationToken).ConfigureAwait(false);
        return result with { Revision = revision };
    }

    /// <inheritdoc/>
    public async Task<RollbackPlan> PlanRollbackAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ns = Namespace(namespaceName);
        var history = await _revisions.ReadAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (history.Current is not { } current || history.Previous is not { } previous)
        {
            throw new DeploymentException(
                DeploymentFailure.NoRevision,
                history.Current is null
                    ? $"There is no revision history for {name} in namespace {ns} ({Cluster}, ConfigMap {RevisionStore.ConfigMapName(name)}); it was not deployed by Compass, or only as a dry run."
                    : $"{name} in namespace {ns} has only revision {history.Current}; there is nothing earlier to roll back to.",
                $"{name} in {ns}");
        }

        var apply = new List<ObjectReference>();
        var leftAlone = new List<ObjectLeftAlone>();
        var earlier = history.Objects(previous);
        foreach (var stored in earlier)
        {
            var document = ToDocument(stored, $"revision {previous}");
            var reference = new ObjectReference(document.ApiVersion, document.Kind, document.Name, document.Namespace ?? ns);
            if (!RevisionRedactor.IsSecretReference(stored))
            {
                apply.Add(reference);
                continue;
            }

            var live = await _resources.GetAsync(new ResourceType(string.Empty, "v1", "Secret", "secrets", true), reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false);
            var unchanged = live is not null && RevisionRedactor.SecretHash(live) == stored[RevisionRedactor.SecretHashField]?.GetValue<string>();
            leftAlone.Add(new ObjectLeftAlone(reference, live is null
                ? $"a Secret: Compass keeps only its hash, and it no longer exists; create it again yourself"
                : unchanged
                    ? $"a Secret: Compass keeps only its hash, which matches (unchanged since revision {previous})"
                    : $"a Secret: Compass keeps only its hash, and it changed since revision {previous}; restore it yourself if the earlier content matters"));
        }

        var keep = earlier.Select(o => ToDocument(o, "revision")).Select(d => (d.ApiVersion, d.Kind, d.Name, d.Namespace ?? ns)).ToHashSet();
        var delete = new List<PlannedDeletion>();
        foreach (var extra in history.Objects(current).Select((o, i) => ToDocument(o, $"revision {current} (object {i + 1})")))
        {
            if (keep.Contains((extra.ApiVersion, extra.Kind, extra.Name, extra.Namespace ?? ns)))
            {
                continue;
            }

            var type = await ResourceCatalog.ResolveAsync(_client, extra, cancellationToken).ConfigureAwait(false);
            var reference = new ObjectReference(type.ApiVersion, type.Kind, extra.Name, type.Namespaced ? extra.Namespace ?? ns : null);
            if (await _resources.GetAsync(type, reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false) is not { } live)
            {
                continue;
            }

            if (NotOwned(live, name, reference, history.Created) is { } reason)
            {
                leftAlone.Add(new ObjectLeftAlone(reference, reason));
            }
            else
            {
                delete.Add(new PlannedDeletion(reference, StatusReader.Text(live["metadata"] as JsonObject, "uid") ?? string.Empty));
            }
        }

        return new RollbackPlan(name, ns, Cluster, current, previous, apply, delete, leftAlone);
    }

    /// <inheritdoc/>
    public async Task<DeploymentResult> RollbackAsync(RollbackPlan plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (name, ns) = (plan.Name, plan.Namespace);
        var history = await _revisions.ReadAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (history.Current != plan.FromRevision || !history.Revisions.ContainsKey(plan.ToRevision))
        {
            throw new DeploymentException(DeploymentFailure.Conflict, $"The revision history of {name} in namespace {ns} changed since the rollback was planned (now revision {history.Current?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); nothing was changed. Run the rollback again.", $"{name} in {ns}");
        }

        progress?.Report($"Rolling back {name} from revision {plan.FromRevision} to revision {plan.ToRevision}");
        var stored = history.Objects(plan.ToRevision);
        var documents = new List<ManifestDocument>();
        foreach (var (o, i) in stored.Select((o, i) => (o, i)))
        {
            if (RevisionRedactor.IsSecretReference(o))
            {
                continue;
            }

            var document = ToDocument(o, $"revision {plan.ToRevision} (object {i + 1})");
            var content = document.ContentClone();
            if (content.ToJsonString().Contains(RevisionRedactor.RedactedPrefix, StringComparison.Ordinal))
            {
                var type = await ResourceCatalog.ResolveAsync(_client, document, cancellationToken).ConfigureAwait(false);
                var live = await _resources.GetAsync(type, type.Namespaced ? document.Namespace ?? ns : null, document.Name, cancellationToken).ConfigureAwait(false);
                foreach (var variable in RevisionRedactor.Restore(content, live, document.Reference))
                {
                    progress?.Report($"  kept the current value of env {variable} in {document.Reference} (Compass does not store literal credentials)");
                }
            }

            documents.Add(document.WithContent(content));
        }

        foreach (var left in plan.LeftAlone.Where(l => l.Target.Kind == "Secret"))
        {
            progress?.Report($"  left {left}");
        }

        var (result, sent, created) = await ApplyObjectsAsync(documents, ns, name, explicitNamespace: false, createNamespace: false, dryRun: false, force: true, checkSize: true, progress, cancellationToken).ConfigureAwait(false);

        var removed = new List<CreatedObject>();
        foreach (var planned in plan.Delete)
        {
            if (await DeleteIfStillOwnedAsync(planned, name, history.Created, "the rollback was planned", $" (not in revision {plan.ToRevision})", progress, cancellationToken).ConfigureAwait(false))
            {
                var r = planned.Target;
                removed.Add(new CreatedObject(r.ApiVersion, r.Kind, r.Name, r.Namespace, planned.Uid));
            }
        }

        // The new revision keeps the earlier one's Secret references, so its history stays complete.
        var revision = await RecordAsync(ns, name, [.. sent, .. stored.Where(RevisionRedactor.IsSecretReference)], created, removed, progress, cancellationToken).ConfigureAwait(false);
        return result with { Revision = revision };
    }

    private async Task<int?> RecordAsync(string ns, string name, IReadOnlyList<JsonObject> sent, IReadOnlyList<CreatedObject> created, IReadOnlyList<CreatedObject> removed, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var record = await _revisions.RecordAsync(ns, name, RevisionStore.Encode(sent, name), created, removed, cancellationToken).ConfigureAwait(false);
        progress?.Report(record.Revision is { } r ? $"recorded revision {r} in configmap/{RevisionStore.ConfigMapName(name)} (Secrets as hashes only)" : "unchanged: same manifests as the current revision");
        if (record.Dropped.Count > 0)
        {
            progress?.Report($"dropped revision(s) {string.Join(", ", record.Dropped)} from the history to keep it within its limits");
        }

        return record.Revision;
    }

    private async Task<(DeploymentResult Result, List<JsonObject> Sent, List<CreatedObject> Created)> ApplyObjectsAsync(
        IReadOnlyList<ManifestDocument> manifests, string ns, string name, bool explicitNamespace, bool createNamespace, bool dryRun, bool force, bool checkSize,
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
                    throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{document.Source}: {document.Kind} {document.Name} is in namespace {document.Namespace}, but the deployment's namespace is {ns}; remove metadata.namespace from the manifest or deploy to {document.Namespace}.", document.Reference)
                    {
                        Setting = nameof(DeploymentRequest.Namespace),
                    };
                }

                target = document.Namespace ?? ns;
            }

            plan.Add((document, type, target));
        }

        var bodies = plan.Select(p =>
        {
            var body = Labelled(p.Document.ContentClone(), name);
            if (p.Namespace is not null)
            {
                ((JsonObject)body["metadata"]!)["namespace"] = p.Namespace;
            }

            return body;
        }).ToList();
        if (checkSize)
        {
            // Refused before anything is applied: a deployment whose history cannot be kept cannot be rolled back.
            _ = RevisionStore.Encode(bodies, name);
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
                throw new DeploymentException(DeploymentFailure.NotFound, $"The namespace {target} does not exist; create it (kubectl create namespace {target}) or let the deployment create it.", $"Namespace {target}")
                {
                    Setting = nameof(DeploymentRequest.CreateNamespace),
                };
            }

            await _resources.CreateNamespaceAsync(target, dryRun, cancellationToken).ConfigureAwait(false);
            progress?.Report(dryRun ? $"namespace/{target} would be created (server dry run)" : $"namespace/{target} created");
            missing.Add(target);
        }

        var applied = new List<AppliedObject>();
        var created = new List<CreatedObject>();
        for (var i = 0; i < plan.Count; i++)
        {
            var (document, type, target) = plan[i];
            var body = bodies[i];
            if (dryRun && target is not null && missing.Contains(target))
            {
                // The server cannot dry-run objects into a namespace that does not exist yet.
                applied.Add(new AppliedObject(document.Kind, document.ApiVersion, document.Name, target, string.Empty, string.Empty, null));
                progress?.Report($"{Short(type, document.Name)} not validated (its namespace {target} does not exist yet)");
                continue;
            }

            var (answer, isNew) = await _resources.ApplyAsync(type, target, document.Name, body, dryRun, force, cancellationToken).ConfigureAwait(false);
            var result = Applied(answer, document, target);
            applied.Add(result);
            if (isNew && !dryRun)
            {
                created.Add(new CreatedObject(type.ApiVersion, type.Kind, document.Name, target, result.Uid));
            }

            progress?.Report($"{Short(type, document.Name)} serverside-applied{(isNew ? " (created)" : string.Empty)}{(dryRun ? " (server dry run)" : string.Empty)}{(result.ResourceVersion.Length > 0 ? $", resourceVersion {result.ResourceVersion}" : string.Empty)}");
        }

        return (new DeploymentResult(name, ns, applied, dryRun, null, missing.Count > 0), bodies, created);
    }

    private static string? CommonNamespace(IReadOnlyList<ManifestDocument> manifests)
    {
        var namespaces = manifests.Select(m => m.Namespace).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return namespaces.Count == 1 ? namespaces[0] : null;
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
            0 => throw new DeploymentException(DeploymentFailure.InvalidManifest, "The manifests hold no InferenceService, so the deployment has no name; give it one.")
            {
                Setting = nameof(DeploymentRequest.Name),
            },
            _ => throw new DeploymentException(DeploymentFailure.InvalidManifest, $"The manifests hold {services.Count} InferenceServices ({string.Join(", ", services)}); deploy them separately or give the deployment a name.")
            {
                Setting = nameof(DeploymentRequest.Name),
            },
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
