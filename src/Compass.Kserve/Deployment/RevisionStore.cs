using System.Globalization;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Keeps the manifests of each applied revision in a ConfigMap <c>compass-&lt;name&gt;-revisions</c> (data key
/// <c>revision-N</c>: a JSON array of the objects as applied; annotation <c>compass.io/revision</c>: the current one),
/// written with server-side apply like everything else.
/// </summary>
internal sealed class RevisionStore(ResourceClient resources, int maxRevisions)
{
    public const string CurrentAnnotation = "compass.io/revision";
    private const string KeyPrefix = "revision-";

    public static string ConfigMapName(string name) => $"compass-{name}-revisions";

    public async Task<RevisionHistory> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var map = await resources.GetAsync(ResourceCatalog.ConfigMap, @namespace, ConfigMapName(name), cancellationToken).ConfigureAwait(false);
        if (map is null)
        {
            return new RevisionHistory(null, new SortedDictionary<int, string>());
        }

        var revisions = new SortedDictionary<int, string>();
        foreach (var (key, value) in map["data"] as JsonObject ?? [])
        {
            if (key.StartsWith(KeyPrefix, StringComparison.Ordinal)
                && int.TryParse(key[KeyPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                revisions[n] = text;
            }
        }

        var current = map["metadata"]?["annotations"]?[CurrentAnnotation]?.GetValue<string>() is { } c
            && int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : revisions.Keys.Cast<int?>().LastOrDefault();
        return new RevisionHistory(current, revisions);
    }

    /// <summary>Records the applied objects as a new revision, unless they equal the current one; returns its number or null.</summary>
    public async Task<int?> RecordAsync(string @namespace, string name, IReadOnlyList<JsonObject> applied, CancellationToken cancellationToken)
    {
        var history = await ReadAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        var content = new JsonArray([.. applied.Select(a => a.DeepClone())]).ToJsonString();
        if (history.Current is { } current && history.Revisions.TryGetValue(current, out var same) && same == content)
        {
            return null;
        }

        var next = (history.Revisions.Keys.Cast<int?>().LastOrDefault() ?? 0) + 1;
        var kept = history.Revisions.Where(r => r.Key > next - maxRevisions).ToList();
        var data = new JsonObject();
        foreach (var (n, text) in kept)
        {
            data[KeyPrefix + n.ToString(CultureInfo.InvariantCulture)] = text;
        }

        data[KeyPrefix + next.ToString(CultureInfo.InvariantCulture)] = content;
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = ConfigMapName(name),
                ["namespace"] = @namespace,
                ["labels"] = new JsonObject { [KserveNames.ManagedByLabel] = KserveNames.Manager, [KserveNames.InstanceLabel] = name },
                ["annotations"] = new JsonObject { [CurrentAnnotation] = next.ToString(CultureInfo.InvariantCulture) },
            },
            ["data"] = data,
        };
        await resources.ApplyAsync(ResourceCatalog.ConfigMap, @namespace, ConfigMapName(name), body, dryRun: false, force: true, cancellationToken).ConfigureAwait(false);
        return next;
    }
}

/// <summary>The revisions recorded for one deployment.</summary>
/// <param name="Current">The revision applied last, if any.</param>
/// <param name="Revisions">Each kept revision's objects (a JSON array), by number.</param>
internal sealed record RevisionHistory(int? Current, SortedDictionary<int, string> Revisions)
{
    public IReadOnlyList<JsonObject> Objects(int revision)
        => Revisions.TryGetValue(revision, out var text) && JsonNode.Parse(text) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    public int? Previous => Current is { } c ? Revisions.Keys.Where(k => k < c).Cast<int?>().LastOrDefault() : null;
}
