using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>Which objects Compass owns: the only ones delete and rollback may remove.</summary>
public sealed partial class KubernetesDeployer
{
    /// <summary>
    /// Says why Compass does not own a live object of a deployment, or returns <see langword="null"/> when it does:
    /// it must carry <c>app.kubernetes.io/managed-by=compass</c> and <c>app.kubernetes.io/instance=NAME</c>, list
    /// Compass's field manager in <c>managedFields</c>, and, where the revision history records what Compass created,
    /// be that very object (same uid).
    /// </summary>
    internal static string? NotOwned(JsonObject live, string instance, ObjectReference reference, IReadOnlyList<CreatedObject>? created)
    {
        var metadata = live["metadata"] as JsonObject;
        var labels = metadata?["labels"] as JsonObject;
        var managedBy = StatusReader.Text(labels, KserveNames.ManagedByLabel);
        if (managedBy != KserveNames.Manager)
        {
            return managedBy is null
                ? $"it has no {KserveNames.ManagedByLabel}={KserveNames.Manager} label"
                : $"it is labelled {KserveNames.ManagedByLabel}={managedBy}";
        }

        var owner = StatusReader.Text(labels, KserveNames.InstanceLabel);
        if (owner != instance)
        {
            return owner is null ? $"it has no {KserveNames.InstanceLabel} label" : $"it belongs to {KserveNames.InstanceLabel}={owner}";
        }

        var managers = (metadata?["managedFields"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(m => StatusReader.Text(m, "manager")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (!managers.Contains(KserveNames.Manager))
        {
            return managers.Count == 0
                ? $"the API server lists no field managers for it, so Compass cannot tell that it applied it"
                : $"Compass's field manager owns none of its fields (managed by {string.Join(", ", managers)})";
        }

        if (created is not null)
        {
            var uid = StatusReader.Text(metadata, "uid");
            if (!created.Any(c => c.Is(reference.ApiVersion, reference.Kind, reference.Name, reference.Namespace) && c.Uid == uid))
            {
                return "Compass did not create it (it existed before Compass first applied it, or was re-created since)";
            }
        }

        return null;
    }

    private static ObjectReference Reference(ResourceType type, JsonObject item, string? fallbackNamespace)
    {
        var metadata = item["metadata"] as JsonObject;
        return new ObjectReference(type.ApiVersion, type.Kind, StatusReader.Text(metadata, "name") ?? "?", type.Namespaced ? StatusReader.Text(metadata, "namespace") ?? fallbackNamespace : null);
    }
}
