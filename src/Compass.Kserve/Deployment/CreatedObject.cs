using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>An object Compass created (it did not exist before Compass applied it), identified by its uid.</summary>
/// <param name="ApiVersion">The apiVersion.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for cluster-scoped objects.</param>
/// <param name="Uid">The uid the API server gave it.</param>
internal sealed record CreatedObject(string ApiVersion, string Kind, string Name, string? Namespace, string Uid)
{
    public bool SameObject(CreatedObject other)
        => ApiVersion == other.ApiVersion && Kind == other.Kind && Name == other.Name && Namespace == other.Namespace;

    public bool Is(string apiVersion, string kind, string name, string? @namespace)
        => ApiVersion == apiVersion && Kind == kind && Name == name && Namespace == @namespace;

    public override string ToString() => $"{Kind} {(Namespace is null ? string.Empty : Namespace + "/")}{Name}";

    public static string ToJson(IReadOnlyList<CreatedObject> list)
        => new JsonArray([.. list.Select(c => (JsonNode)new JsonObject
        {
            ["apiVersion"] = c.ApiVersion,
            ["kind"] = c.Kind,
            ["namespace"] = c.Namespace,
            ["name"] = c.Name,
            ["uid"] = c.Uid,
        })]).ToJsonString();

    public static IReadOnlyList<CreatedObject> ParseList(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonArray array
                ? [.. array.OfType<JsonObject>().Select(o => new CreatedObject(
                    o["apiVersion"]!.GetValue<string>(), o["kind"]!.GetValue<string>(), o["name"]!.GetValue<string>(), o["namespace"]?.GetValue<string>(), o["uid"]!.GetValue<string>()))]
                : throw new FormatException("not a JSON array");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new DeploymentException(DeploymentFailure.Server, "The list of objects Compass created (created.json in the revisions ConfigMap) is not what Compass wrote; it was changed by something else. Delete the objects with kubectl, checking each one.", innerException: ex);
        }
    }
}
