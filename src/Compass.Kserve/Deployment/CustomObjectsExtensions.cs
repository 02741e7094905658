using System.Text.Json.Nodes;
using k8s;

namespace Compass.Kserve.Deployment;

/// <summary>Chooses the namespaced or cluster form of a <c>CustomObjects</c> read.</summary>
internal static class CustomObjectsExtensions
{
    public static Task<JsonObject> GetNamespacedOrClusterAsync(this ICustomObjectsOperations operations, ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
        => type.Namespaced && @namespace is not null
            ? operations.GetNamespacedCustomObjectAsync<JsonObject>(type.Group, type.Version, @namespace, type.Plural, name, cancellationToken)
            : operations.GetClusterCustomObjectAsync<JsonObject>(type.Group, type.Version, type.Plural, name, cancellationToken);
}
