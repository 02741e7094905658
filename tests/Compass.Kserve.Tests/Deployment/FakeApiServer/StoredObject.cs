using System.Text.Json.Nodes;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>An object in the fake store, with the fields each manager owns.</summary>
internal sealed class StoredObject(FakeResource resource, JsonObject content)
{
    public FakeResource Resource { get; } = resource;

    public JsonObject Content { get; set; } = content;

    public Dictionary<string, HashSet<string>> Managers { get; init; } = new(StringComparer.Ordinal);

    public string Name => Content["metadata"]!["name"]!.GetValue<string>();

    public string? Namespace => Content["metadata"]?["namespace"]?.GetValue<string>();

    public IReadOnlyDictionary<string, string> Labels
        => (Content["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);

    public StoredObject Clone() => new(Resource, (JsonObject)Content.DeepClone())
    {
        Managers = Managers.ToDictionary(m => m.Key, m => new HashSet<string>(m.Value, StringComparer.Ordinal), StringComparer.Ordinal),
    };

    /// <summary>Writes <c>metadata.managedFields</c> from <see cref="Managers"/> (fieldsV1 simplified to a list of paths).</summary>
    public void RenderManagedFields()
    {
        var metadata = (JsonObject)Content["metadata"]!;
        metadata["managedFields"] = new JsonArray([.. Managers.Where(m => m.Value.Count > 0).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (JsonNode)new JsonObject
        {
            ["manager"] = m.Key,
            ["operation"] = "Apply",
            ["apiVersion"] = Resource.ApiVersion,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject([.. m.Value.OrderBy(f => f, StringComparer.Ordinal).Select(f => new KeyValuePair<string, JsonNode?>("f:" + f, new JsonObject()))]),
        })]);
    }
}
