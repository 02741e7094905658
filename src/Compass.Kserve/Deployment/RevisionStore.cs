using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Keeps each applied revision of a deployment in a ConfigMap <c>compass-&lt;name&gt;-revisions</c>:
/// <list type="bullet">
/// <item><c>binaryData["revision-N.json.gz"]</c>: the objects as applied, gzip-compressed JSON, with Secrets and
/// credential-like literal environment values replaced by hashes (<see cref="RevisionRedactor"/>);</item>
/// <item><c>data["created.json"]</c>: the objects Compass created (not adopted), with their uids: what delete and
/// rollback may remove;</item>
/// <item>annotation <c>compass.io/revision</c>: the current revision.</item>
/// </list>
/// Older revisions are dropped to stay within Kubernetes' 1 MiB object limit, and every write is a create or an
/// update conditioned on the resourceVersion read, retried on conflict, so two deploys at once cannot lose a revision.
/// Revisions written by earlier versions (plain JSON in <c>data["revision-N"]</c>) are still read.
/// </summary>
internal sealed class RevisionStore(ResourceClient resources, int maxRevisions)
{
    public const string CurrentAnnotation = "compass.io/revision";

    /// <summary>The most the revisions may take in the ConfigMap: Kubernetes refuses more than 1 MiB of data in one object; the rest is left for metadata.</summary>
    public const int SizeBudget = 1_000_000;

    private const string LegacyPrefix = "revision-";
    private const string BinarySuffix = ".json.gz";
    private const string CreatedKey = "created.json";
    private const int MaxAttempts = 12;

    public static string ConfigMapName(string name) => $"compass-{name}-revisions";

    public async Task<RevisionHistory> ReadAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var map = await resources.GetAsync(ResourceCatalog.ConfigMap, @namespace, ConfigMapName(name), cancellationToken).ConfigureAwait(false);
        if (map is null)
        {
            return RevisionHistory.Empty;
        }

        var revisions = new SortedDictionary<int, string>();
        foreach (var (key, value) in map["data"] as JsonObject ?? [])
        {
            if (key.StartsWith(LegacyPrefix, StringComparison.Ordinal)
                && int.TryParse(key[LegacyPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                revisions[n] = text;
            }
        }

        foreach (var (key, value) in map["binaryData"] as JsonObject ?? [])
        {
            if (key.StartsWith(LegacyPrefix, StringComparison.Ordinal) && key.EndsWith(BinarySuffix, StringComparison.Ordinal)
                && int.TryParse(key[LegacyPrefix.Length..^BinarySuffix.Length], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && value is JsonValue v && v.TryGetValue<string>(out var base64))
            {
                revisions[n] = Decompress(base64, name, key);
            }
        }

        IReadOnlyList<CreatedObject>? created = null;
        if (map["data"]?[CreatedKey] is JsonValue c && c.TryGetValue<string>(out var createdText))
        {
            created = CreatedObject.ParseList(createdText);
        }

        var current = map["metadata"]?["annotations"]?[CurrentAnnotation]?.GetValue<string>() is { } a
            && int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : revisions.Keys.Cast<int?>().LastOrDefault();
        return new RevisionHistory(current, revisions, created, map["metadata"]?["resourceVersion"]?.GetValue<string>(), Exists: true, Map: map);
    }

    /// <summary>Encodes a revision's objects for storage, or refuses when even that one revision cannot fit.</summary>
    /// <exception cref="DeploymentException">The revision does not fit in a ConfigMap.</exception>
    public static string Encode(IReadOnlyList<JsonObject> applied, string name)
    {
        var json = new JsonArray([.. applied.Select(a => (JsonNode)RevisionRedactor.Redact(a))]).ToJsonString();
        var encoded = Compress(json);
        return encoded.Length > SizeBudget
            ? throw new DeploymentException(
                DeploymentFailure.InvalidManifest,
                $"The manifests of {name} take {encoded.Length:N0} bytes even compressed, more than a ConfigMap can hold ({SizeBudget:N0}); Compass keeps each revision for rollback, so split the manifests (e.g. apply a large dashboard separately). Nothing was applied.",
                name)
            : encoded;
    }

    /// <summary>
    /// Records the applied objects as a new revision (unless they equal the current one) and the objects this apply
    /// created; retried on a conflicting concurrent write.
    /// </summary>
    public async Task<RevisionRecord> RecordAsync(string @namespace, string name, string encoded, IReadOnlyList<CreatedObject> created, IReadOnlyList<CreatedObject> removed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var history = await ReadAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
            var createdList = Merge(history.Created ?? [], created, removed);
            int? next;
            var dropped = new List<int>();
            var kept = new SortedDictionary<int, string>(history.Revisions.ToDictionary(r => r.Key, r => Compress(r.Value)));
            if (history.Current is { } current && history.Revisions.TryGetValue(current, out var same) && Compress(same) == encoded)
            {
                next = null;
                if (history.Created is not null && createdList.SequenceEqual(history.Created))
                {
                    return new RevisionRecord(null, []);
                }
            }
            else
            {
                next = (history.Revisions.Keys.Cast<int?>().LastOrDefault() ?? 0) + 1;
                kept[next.Value] = encoded;
                foreach (var old in kept.Keys.Where(k => k <= next.Value - maxRevisions).ToList())
                {
                    kept.Remove(old);
                    dropped.Add(old);
                }

                // Oldest first out until the ConfigMap fits; the new revision always stays.
                var createdText = CreatedObject.ToJson(createdList);
                while (kept.Sum(k => k.Value.Length + 40) + createdText.Length > SizeBudget && kept.Count > 1)
                {
                    var oldest = kept.Keys.First();
                    kept.Remove(oldest);
                    dropped.Add(oldest);
                }
            }

            var body = Body(@namespace, name, next ?? history.Current ?? 1, kept, createdList, history.ResourceVersion);
            try
            {
                if (history.Exists)
                {
                    await resources.ReplaceAsync(ResourceCatalog.ConfigMap, @namespace, ConfigMapName(name), body, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await resources.CreateAsync(ResourceCatalog.ConfigMap, @namespace, body, cancellationToken).ConfigureAwait(false);
                }

                return new RevisionRecord(next, dropped);
            }
            catch (DeploymentException ex) when (ex.Failure == DeploymentFailure.Conflict && attempt < MaxAttempts)
            {
                // Another deploy wrote the history after it was read: read it again and add this revision on top,
                // after a short random pause so that writers racing each other spread out.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(attempt, 6)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IReadOnlyList<CreatedObject> Merge(IReadOnlyList<CreatedObject> existing, IReadOnlyList<CreatedObject> created, IReadOnlyList<CreatedObject> removed)
    {
        var result = existing.Where(e => !removed.Any(r => r.SameObject(e)) && !created.Any(c => c.SameObject(e))).ToList();
        result.AddRange(created);
        return [.. result.OrderBy(c => c.ToString(), StringComparer.Ordinal)];
    }

    private static JsonObject Body(string @namespace, string name, int current, SortedDictionary<int, string> revisions, IReadOnlyList<CreatedObject> created, string? resourceVersion)
    {
        var binary = new JsonObject();
        foreach (var (n, encoded) in revisions)
        {
            binary[LegacyPrefix + n.ToString(CultureInfo.InvariantCulture) + BinarySuffix] = encoded;
        }

        var metadata = new JsonObject
        {
            ["name"] = ConfigMapName(name),
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { [KserveNames.ManagedByLabel] = KserveNames.Manager, [KserveNames.InstanceLabel] = name },
            ["annotations"] = new JsonObject { [CurrentAnnotation] = current.ToString(CultureInfo.InvariantCulture) },
        };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject { [CreatedKey] = CreatedObject.ToJson(created) },
            ["binaryData"] = binary,
        };
    }

    private static string Compress(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    private static string Decompress(string base64, string name, string key)
    {
        try
        {
            using var input = new MemoryStream(Convert.FromBase64String(base64));
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new DeploymentException(DeploymentFailure.Server, $"The revision history of {name} (ConfigMap {ConfigMapName(name)}, key {key}) is not gzip-compressed JSON; it was changed by something other than Compass.", name, innerException: ex);
        }
    }
}

/// <summary>What <see cref="RevisionStore.RecordAsync"/> recorded.</summary>
/// <param name="Revision">The new revision, or <see langword="null"/> when the objects equal the current one.</param>
/// <param name="Dropped">Revisions removed to keep the history within its count and size limits.</param>
internal sealed record RevisionRecord(int? Revision, IReadOnlyList<int> Dropped);

/// <summary>The revisions recorded for one deployment.</summary>
/// <param name="Current">The revision applied last, if any.</param>
/// <param name="Revisions">Each kept revision's objects (a JSON array), by number.</param>
/// <param name="Created">The objects Compass created, or <see langword="null"/> for a history written before Compass recorded them.</param>
/// <param name="ResourceVersion">The ConfigMap's resourceVersion when read.</param>
/// <param name="Exists">Whether the ConfigMap exists.</param>
/// <param name="Map">The ConfigMap as read, or <see langword="null"/>.</param>
internal sealed record RevisionHistory(int? Current, SortedDictionary<int, string> Revisions, IReadOnlyList<CreatedObject>? Created, string? ResourceVersion, bool Exists, JsonObject? Map)
{
    public static RevisionHistory Empty { get; } = new(null, [], null, null, false, null);

    public IReadOnlyList<JsonObject> Objects(int revision)
        => Revisions.TryGetValue(revision, out var text) && JsonNode.Parse(text) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    public int? Previous => Current is { } c ? Revisions.Keys.Where(k => k < c).Cast<int?>().LastOrDefault() : null;
}
