using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Generic operations on any resource type through KubernetesClient's <c>CustomObjects</c> API (core-group paths
/// are fixed up by <see cref="CoreApiPathHandler"/>), with every failure turned into a <see cref="DeploymentException"/>.
/// </summary>
internal sealed class ResourceClient(IKubernetes client, Uri? server)
{
    private const string DryRunAll = "All";

    public IKubernetes Client => client;

    /// <summary>Server-side apply (PATCH application/apply-patch+yaml) with field manager <c>compass</c>.</summary>
    /// <returns>The object as stored, and whether this apply created it (the server answered 201 Created).</returns>
    public async Task<(JsonObject Body, bool Created)> ApplyAsync(ResourceType type, string? @namespace, string name, JsonObject body, bool dryRun, bool force, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        var dry = dryRun ? DryRunAll : null;
        var reference = $"{type.Kind} {Ref(type, @namespace, name)}";
        var response = await Guard(
            () => type.Namespaced
                ? client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(patch, type.Group, type.Version, Ns(@namespace), type.Plural, name, dryRun: dry, fieldManager: KserveNames.Manager, force: force, cancellationToken: cancellationToken)
                : client.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(patch, type.Group, type.Version, type.Plural, name, dryRun: dry, fieldManager: KserveNames.Manager, force: force, cancellationToken: cancellationToken),
            "apply", reference, type, @namespace, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            return (response.Body, response.Response.StatusCode == HttpStatusCode.Created);
        }
    }

    /// <summary>Creates an object (POST); a 409 means it already exists.</summary>
    public Task<JsonObject> CreateAsync(ResourceType type, string? @namespace, JsonObject body, CancellationToken cancellationToken)
    {
        var name = body["metadata"]?["name"]?.GetValue<string>() ?? "?";
        return Guard(
            () => type.Namespaced
                ? client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, type.Group, type.Version, Ns(@namespace), type.Plural, fieldManager: KserveNames.Manager, cancellationToken: cancellationToken)
                : client.CustomObjects.CreateClusterCustomObjectAsync<JsonObject>(body, type.Group, type.Version, type.Plural, fieldManager: KserveNames.Manager, cancellationToken: cancellationToken),
            "create", $"{type.Kind} {Ref(type, @namespace, name)}", type, @namespace, cancellationToken);
    }

    /// <summary>Replaces an object (PUT); with <c>metadata.resourceVersion</c> in the body, a 409 means someone changed it since it was read.</summary>
    public Task<JsonObject> ReplaceAsync(ResourceType type, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken)
        => Guard(
            () => type.Namespaced
                ? client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonObject>(body, type.Group, type.Version, Ns(@namespace), type.Plural, name, fieldManager: KserveNames.Manager, cancellationToken: cancellationToken)
                : client.CustomObjects.ReplaceClusterCustomObjectAsync<JsonObject>(body, type.Group, type.Version, type.Plural, name, fieldManager: KserveNames.Manager, cancellationToken: cancellationToken),
            "replace", $"{type.Kind} {Ref(type, @namespace, name)}", type, @namespace, cancellationToken);

    /// <summary>Reads one object; <see langword="null"/> when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedOrClusterAsync(type, @namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound && IsObjectMissing(type, ex.Response.Content))
        {
            return null;
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            return await Guard<JsonObject?>(() => throw ex, "get", $"{type.Kind} {Ref(type, @namespace, name)}", type, @namespace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists objects by label selector (and optional field selector); all namespaces when <paramref name="namespace"/> is null.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(ResourceType type, string? @namespace, string? labelSelector, CancellationToken cancellationToken, string? fieldSelector = null)
    {
        var list = await Guard(
            () => type.Namespaced && @namespace is not null
                ? client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(type.Group, type.Version, @namespace, type.Plural, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: cancellationToken)
                : type.Namespaced
                    ? client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonObject>(type.Group, type.Version, type.Plural, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: cancellationToken)
                    : client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>(type.Group, type.Version, type.Plural, fieldSelector: fieldSelector, labelSelector: labelSelector, cancellationToken: cancellationToken),
            "list", type.QualifiedName, type, @namespace, cancellationToken).ConfigureAwait(false);
        return (list["items"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
    }

    /// <summary>
    /// Deletes one object with foreground propagation, only if it is still the object with <paramref name="uid"/>
    /// (a delete precondition: an object deleted and re-created by someone else under the same name is left alone);
    /// <see langword="false"/> when it did not exist.
    /// </summary>
    public async Task<bool> DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = "Foreground",
            Preconditions = string.IsNullOrEmpty(uid) ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            await (type.Namespaced
                ? client.CustomObjects.DeleteNamespacedCustomObjectAsync(type.Group, type.Version, Ns(@namespace), type.Plural, name, options, propagationPolicy: "Foreground", cancellationToken: cancellationToken)
                : client.CustomObjects.DeleteClusterCustomObjectAsync(type.Group, type.Version, type.Plural, name, options, propagationPolicy: "Foreground", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound && IsObjectMissing(type, ex.Response.Content))
        {
            return false;
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            return await Guard<bool>(() => throw ex, "delete", $"{type.Kind} {Ref(type, @namespace, name)}", type, @namespace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a namespace (optionally as a server dry run).</summary>
    public Task<V1Namespace> CreateNamespaceAsync(string name, bool dryRun, CancellationToken cancellationToken)
    {
        var body = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [KserveNames.ManagedByLabel] = KserveNames.Manager } },
        };
        return Guard(
            () => client.CoreV1.CreateNamespaceAsync(body, dryRun: dryRun ? DryRunAll : null, fieldManager: KserveNames.Manager, cancellationToken: cancellationToken),
            "create", $"Namespace {name}", ResourceCatalog.Namespace, null, cancellationToken);
    }

    private Task<T> Guard<T>(Func<Task<T>> call, string verb, string reference, ResourceType type, string? @namespace, CancellationToken cancellationToken)
        => KubernetesErrors.Guard(call, verb, reference, type, @namespace, server, cancellationToken);

    private static string Ns(string? @namespace) => @namespace ?? throw new InvalidOperationException("A namespaced object needs a namespace.");

    private static string Ref(ResourceType type, string? @namespace, string name) => type.Namespaced && @namespace is not null ? $"{@namespace}/{name}" : name;

    // A 404 for a missing object names it in details; a 404 for a missing resource type (no CRD) or a missing
    // namespace must not be mistaken for "not there yet".
    private static bool IsObjectMissing(ResourceType type, string? body)
    {
        try
        {
            var details = (body is null ? null : JsonNode.Parse(body))?["details"];
            return details?["name"] is not null && (type.Plural == "namespaces" || details["kind"]?.GetValue<string>() != "namespaces");
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
