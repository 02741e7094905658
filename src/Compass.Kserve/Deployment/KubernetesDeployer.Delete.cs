using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>Delete: planned first, then carried out object by object, each re-checked and conditioned on its uid.</summary>
public sealed partial class KubernetesDeployer
{
    /// <inheritdoc/>
    public async Task<DeletionPlan> PlanDeletionAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ns = Namespace(namespaceName);
        var history = await _revisions.ReadAsync(ns, name, cancellationToken).ConfigureAwait(false);

        // Candidates: everything any kept revision applied or the history says Compass created, and everything in
        // the namespace that carries the deployment's instance label (so that what is left alone can be named).
        var candidates = new Dictionary<ObjectReference, (ResourceType Type, JsonObject? Live)>();
        var types = ResourceCatalog.Known.Where(t => t.Plural != "namespaces").ToList();
        foreach (var revision in history.Revisions.Keys)
        {
            foreach (var o in history.Objects(revision).Select(o => ToDocument(o, $"revision {revision}")))
            {
                var type = await ResourceCatalog.ResolveAsync(_client, o, cancellationToken).ConfigureAwait(false);
                if (type.Plural == "namespaces")
                {
                    continue;
                }

                types.Add(type);
                candidates.TryAdd(new ObjectReference(type.ApiVersion, type.Kind, o.Name, type.Namespaced ? o.Namespace ?? ns : null), (type, null));
            }
        }

        foreach (var c in history.Created ?? [])
        {
            var type = ResourceCatalog.Find(c.ApiVersion, c.Kind) ?? await ResourceCatalog.ResolveAsync(_client, ToDocument(new JsonObject { ["apiVersion"] = c.ApiVersion, ["kind"] = c.Kind, ["metadata"] = new JsonObject { ["name"] = c.Name } }, "created.json"), cancellationToken).ConfigureAwait(false);
            types.Add(type);
            candidates.TryAdd(new ObjectReference(c.ApiVersion, c.Kind, c.Name, c.Namespace), (type, null));
        }

        var selector = $"{KserveNames.InstanceLabel}={name}";
        foreach (var type in types.Distinct())
        {
            IReadOnlyList<JsonObject> items;
            try
            {
                items = await _resources.ListAsync(type, type.Namespaced ? ns : null, selector, cancellationToken).ConfigureAwait(false);
            }
            catch (DeploymentException ex) when (ex.Failure == DeploymentFailure.NotFound)
            {
                continue; // The resource type is not installed, so nothing of that kind can exist.
            }

            foreach (var item in items)
            {
                candidates[Reference(type, item, ns)] = (type, item);
            }
        }

        var delete = new List<(PlannedDeletion Planned, ResourceType Type)>();
        var leftAlone = new List<ObjectLeftAlone>();
        var revisionsMap = new ObjectReference("v1", "ConfigMap", RevisionStore.ConfigMapName(name), ns);
        foreach (var (reference, (type, listed)) in candidates)
        {
            var live = listed ?? await _resources.GetAsync(type, reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false);
            if (live is null)
            {
                continue; // Already gone.
            }

            // The history ConfigMap is written by Compass alone (never applied from a manifest), so it is not in its own created list.
            var reason = NotOwned(live, name, reference, reference == revisionsMap ? null : history.Created);
            if (reason is null)
            {
                delete.Add((new PlannedDeletion(reference, StatusReader.Text(live["metadata"] as JsonObject, "uid") ?? string.Empty), type));
            }
            else
            {
                leftAlone.Add(new ObjectLeftAlone(reference, reason));
            }
        }

        if (delete.Count == 0)
        {
            throw new DeploymentException(
                DeploymentFailure.NotFound,
                leftAlone.Count == 0
                    ? $"There is no deployment {name} in namespace {ns} ({Cluster}): nothing carries {selector} and there is no revision history; check the name and the namespace (listing the Compass deployments shows both)."
                    : $"Nothing of {name} in namespace {ns} ({Cluster}) is Compass's to delete; left alone: {string.Join("; ", leftAlone.Take(3))}{(leftAlone.Count > 3 ? $" and {leftAlone.Count - 3} more" : string.Empty)}.",
                $"{name} in {ns}",
                System.Net.HttpStatusCode.NotFound)
            {
                Setting = leftAlone.Count == 0 ? nameof(DeploymentRequest.Namespace) : null,
            };
        }

        // The InferenceService goes first so KServe stops reconciling before its dependencies go; the history last.
        var ordered = delete
            .OrderBy(d => d.Type == ResourceCatalog.InferenceService ? 0 : d.Planned.Target == revisionsMap ? 2 : 1)
            .ThenBy(d => d.Planned.Target.ToString(), StringComparer.Ordinal)
            .Select(d => d.Planned)
            .ToList();
        return new DeletionPlan(name, ns, Cluster, ordered, [.. leftAlone.OrderBy(l => l.Target.ToString(), StringComparer.Ordinal)]);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ObjectReference>> DeleteAsync(DeletionPlan plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var history = await _revisions.ReadAsync(plan.Namespace, plan.Name, cancellationToken).ConfigureAwait(false);
        var revisionsMap = new ObjectReference("v1", "ConfigMap", RevisionStore.ConfigMapName(plan.Name), plan.Namespace);
        var deleted = new List<ObjectReference>();
        foreach (var planned in plan.Delete)
        {
            var created = planned.Target == revisionsMap ? null : history.Created;
            if (await DeleteIfStillOwnedAsync(planned, plan.Name, created, "the plan was made", string.Empty, progress, cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(planned.Target);
            }
        }

        return deleted;
    }

    /// <summary>
    /// Deletes one planned object if it is still there and still Compass's: read and checked again just before (the
    /// cluster may have changed since the plan was shown), and deleted on condition of the uid it had when planned.
    /// </summary>
    /// <returns>Whether it was deleted; the reason when not is reported as progress.</returns>
    private async Task<bool> DeleteIfStillOwnedAsync(
        PlannedDeletion planned, string name, IReadOnlyList<CreatedObject>? created, string since, string suffix, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var reference = planned.Target;
        var type = ResourceCatalog.Find(reference.ApiVersion, reference.Kind)
            ?? await ResourceCatalog.ResolveAsync(_client, ToDocument(new JsonObject { ["apiVersion"] = reference.ApiVersion, ["kind"] = reference.Kind, ["metadata"] = new JsonObject { ["name"] = reference.Name } }, "plan"), cancellationToken).ConfigureAwait(false);
        var live = await _resources.GetAsync(type, reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            progress?.Report($"{reference} is already gone");
            return false;
        }

        var reason = NotOwned(live, name, reference, created)
            ?? (StatusReader.Text(live["metadata"] as JsonObject, "uid") != planned.Uid ? $"it was re-created since {since}" : null);
        if (reason is not null)
        {
            progress?.Report($"left {reference} alone: {reason}");
            return false;
        }

        try
        {
            if (await _resources.DeleteAsync(type, reference.Namespace, reference.Name, planned.Uid, cancellationToken).ConfigureAwait(false))
            {
                progress?.Report($"deleted {reference}{suffix}");
                return true;
            }
        }
        catch (DeploymentException ex) when (ex.Failure == DeploymentFailure.Conflict)
        {
            progress?.Report($"left {reference} alone: it was replaced by another object of the same name while deleting");
        }

        return false;
    }
}
