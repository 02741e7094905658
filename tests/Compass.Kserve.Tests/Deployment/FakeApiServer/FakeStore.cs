using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>
/// The fake API server's objects and the semantics of the verbs Compass uses: create, server-side apply with field
/// managers and conflicts, dry run, get, list with selectors, delete, and validation with 422 causes.
/// </summary>
internal sealed partial class FakeStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    /// <summary>The most data a ConfigMap or Secret may hold (as the real API server).</summary>
    public const int MaxDataBytes = 1_048_576;

    private long _resourceVersion = 1000;
    private int _uid;

    public FakeStore()
    {
        foreach (var ns in new[] { "default", "kube-system" })
        {
            Put(new StoredObject(Resource("namespaces"), new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }));
        }
    }

    public Lock Gate => _gate;

    public static FakeResource Resource(string plural) => FakeResource.All.First(r => r.Plural == plural);

    public bool NamespaceExists(string ns) => Find(Resource("namespaces"), null, ns) is not null;

    public StoredObject? Find(FakeResource r, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(r, ns, name), out var o) ? o : null;
        }
    }

    public IReadOnlyList<StoredObject> All(FakeResource r)
    {
        lock (_gate)
        {
            return [.. _objects.Values.Where(o => o.Resource == r)];
        }
    }

    /// <summary>Adds or replaces an object as a controller would, bumping resourceVersion.</summary>
    public void Put(StoredObject o)
    {
        lock (_gate)
        {
            Stamp(o.Content, created: !_objects.ContainsKey(Key(o.Resource, o.Namespace, o.Name)));
            _objects[Key(o.Resource, o.Namespace, o.Name)] = o;
        }
    }

    public (int Code, JsonObject Body) Get(FakeResource r, string? ns, string name)
        => Find(r, ns, name) is { } o ? (200, (JsonObject)o.Content.DeepClone()) : FakeStatus.NotFound(r, name);

    public (int Code, JsonObject Body) List(FakeResource r, string? ns, string? labelSelector, string? fieldSelector)
    {
        var labels = Selector(labelSelector);
        var fields = Selector(fieldSelector);
        List<JsonNode> items;
        lock (_gate)
        {
            items = [.. _objects.Values
                .Where(o => o.Resource == r && (ns is null || o.Namespace == ns))
                .Where(o => labels.All(s => s.Matches(o.Labels.TryGetValue(s.Key, out var v) ? v : null)))
                .Where(o => fields.All(s => s.Matches(FieldValue(o.Content, s.Key))))
                .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
                .Select(o => o.Content.DeepClone())];
        }

        return (200, new JsonObject
        {
            ["apiVersion"] = r.ApiVersion,
            ["kind"] = r.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        });
    }

    public (int Code, JsonObject Body) Create(FakeResource r, string? ns, JsonObject body, string manager, bool dryRun)
    {
        var name = body["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        if (r.Namespaced && ns is not null && !NamespaceExists(ns))
        {
            return FakeStatus.NamespaceNotFound(ns);
        }

        if (Validate(r, name, body) is { } invalid)
        {
            return invalid;
        }

        lock (_gate)
        {
            if (_objects.ContainsKey(Key(r, ns, name)))
            {
                return FakeStatus.AlreadyExists(r, name);
            }

            var o = new StoredObject(r, Normalize(r, ns, body));
            o.Managers[manager] = [.. FieldPaths.Leaves(o.Content).Keys];
            Stamp(o.Content, created: true);
            o.RenderManagedFields();
            if (!dryRun)
            {
                _objects[Key(r, ns, name)] = o;
            }

            return (201, (JsonObject)o.Content.DeepClone());
        }
    }

    /// <summary>Server-side apply: create if absent; otherwise merge the manager's fields, refusing fields other managers own unless forced.</summary>
    public (int Code, JsonObject Body) Apply(FakeResource r, string? ns, string name, JsonObject config, string manager, bool force, bool dryRun)
    {
        if (config["metadata"]?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            return FakeStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (r.Namespaced && ns is not null && !NamespaceExists(ns))
        {
            return FakeStatus.NamespaceNotFound(ns);
        }

        var expectedVersion = config["metadata"]?["resourceVersion"]?.GetValue<string>();
        config = Normalize(r, ns, config);
        var applied = FieldPaths.Leaves(config);
        lock (_gate)
        {
            if (expectedVersion is not null && (!_objects.TryGetValue(Key(r, ns, name), out var current) || current.Content["metadata"]?["resourceVersion"]?.GetValue<string>() != expectedVersion))
            {
                return FakeStatus.Modified(r, name);
            }

            if (!_objects.TryGetValue(Key(r, ns, name), out var live))
            {
                if (Validate(r, name, config) is { } invalid)
                {
                    return invalid;
                }

                var created = new StoredObject(r, config);
                created.Managers[manager] = [.. applied.Keys];
                Stamp(created.Content, created: true);
                created.RenderManagedFields();
                if (!dryRun)
                {
                    _objects[Key(r, ns, name)] = created;
                }

                return (201, (JsonObject)created.Content.DeepClone());
            }

            var liveLeaves = FieldPaths.Leaves(live.Content);
            var conflicts = applied
                .Where(a => liveLeaves.TryGetValue(a.Key, out var v) && v != a.Value)
                .SelectMany(a => live.Managers.Where(m => m.Key != manager && m.Value.Contains(a.Key)).Select(m => (m.Key, a.Key)))
                .ToList();
            if (conflicts.Count > 0 && !force)
            {
                return FakeStatus.Conflict(r, name, conflicts);
            }

            var next = live.Clone();
            foreach (var (other, field) in conflicts)
            {
                next.Managers[other].Remove(field);
            }

            var previous = next.Managers.TryGetValue(manager, out var owned) ? owned : [];
            foreach (var field in previous.Where(f => !applied.ContainsKey(f) && !next.Managers.Any(m => m.Key != manager && m.Value.Contains(f))))
            {
                FieldPaths.Remove(next.Content, field);
            }

            foreach (var (field, value) in applied)
            {
                FieldPaths.Set(next.Content, field, value);
            }

            next.Managers[manager] = [.. applied.Keys];
            next.RenderManagedFields();
            if (Validate(r, name, next.Content) is { } invalidNext)
            {
                return invalidNext;
            }

            if (JsonNode.DeepEquals(WithoutVersion(next.Content), WithoutVersion(live.Content)))
            {
                return (200, (JsonObject)live.Content.DeepClone());
            }

            var specChanged = !JsonNode.DeepEquals(next.Content["spec"], live.Content["spec"]) || !JsonNode.DeepEquals(next.Content["data"], live.Content["data"]);
            Stamp(next.Content, created: false, bumpGeneration: specChanged);
            if (!dryRun)
            {
                _objects[Key(r, ns, name)] = next;
            }

            return (200, (JsonObject)next.Content.DeepClone());
        }
    }

    /// <summary>Update (PUT): replaces the object; a resourceVersion in the body must match the stored one (optimistic concurrency).</summary>
    public (int Code, JsonObject Body) Update(FakeResource r, string? ns, string name, JsonObject body, string manager, bool dryRun)
    {
        var expectedVersion = body["metadata"]?["resourceVersion"]?.GetValue<string>();
        lock (_gate)
        {
            if (!_objects.TryGetValue(Key(r, ns, name), out var live))
            {
                return FakeStatus.NotFound(r, name);
            }

            if (expectedVersion is not null && live.Content["metadata"]?["resourceVersion"]?.GetValue<string>() != expectedVersion)
            {
                return FakeStatus.Modified(r, name);
            }

            var content = Normalize(r, ns, body);
            if (Validate(r, name, content) is { } invalid)
            {
                return invalid;
            }

            var metadata = (JsonObject)content["metadata"]!;
            var liveMetadata = (JsonObject)live.Content["metadata"]!;
            metadata["uid"] = liveMetadata["uid"]?.DeepClone();
            metadata["creationTimestamp"] = liveMetadata["creationTimestamp"]?.DeepClone();
            metadata["generation"] = liveMetadata["generation"]?.DeepClone();
            var next = new StoredObject(r, content) { Managers = live.Clone().Managers };
            next.Managers[manager] = [.. FieldPaths.Leaves(content).Keys];
            Stamp(next.Content, created: false, bumpGeneration: true);
            next.RenderManagedFields();
            if (!dryRun)
            {
                _objects[Key(r, ns, name)] = next;
            }

            return (200, (JsonObject)next.Content.DeepClone());
        }
    }

    public (int Code, JsonObject Body) Delete(FakeResource r, string? ns, string name, bool dryRun, string? uid = null, string? resourceVersion = null)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(Key(r, ns, name), out var o))
            {
                return FakeStatus.NotFound(r, name);
            }

            if (uid is not null && o.Content["metadata"]?["uid"]?.GetValue<string>() is { } actualUid && actualUid != uid)
            {
                return FakeStatus.PreconditionFailed(r, name, "UID in precondition", uid, "UID in object meta: " + actualUid);
            }

            if (resourceVersion is not null && o.Content["metadata"]?["resourceVersion"]?.GetValue<string>() is { } actualVersion && actualVersion != resourceVersion)
            {
                return FakeStatus.PreconditionFailed(r, name, "ResourceVersion in precondition", resourceVersion, "ResourceVersion in object meta: " + actualVersion);
            }

            if (!dryRun)
            {
                _objects.Remove(Key(r, ns, name));

                // Foreground deletion of an InferenceService takes its pods with it (the garbage collector's job).
                if (r.Plural == "inferenceservices")
                {
                    foreach (var pod in _objects.Where(p => p.Value.Resource.Plural == "pods" && p.Value.Namespace == ns
                        && p.Value.Labels.TryGetValue("serving.kserve.io/inferenceservice", out var owner) && owner == name).Select(p => p.Key).ToList())
                    {
                        _objects.Remove(pod);
                    }
                }
            }

            return (200, (JsonObject)o.Content.DeepClone());
        }
    }

    private static string Key(FakeResource r, string? ns, string name) => $"{r.QualifiedName}|{(r.Namespaced ? ns : null)}|{name}";

    private static JsonObject Normalize(FakeResource r, string? ns, JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        copy["apiVersion"] ??= r.ApiVersion;
        copy["kind"] ??= r.Kind;
        var metadata = copy["metadata"] as JsonObject ?? [];
        copy["metadata"] = metadata;
        foreach (var server in new[] { "resourceVersion", "uid", "creationTimestamp", "generation", "managedFields" })
        {
            metadata.Remove(server);
        }

        if (r.Namespaced)
        {
            metadata["namespace"] = ns;
        }

        return copy;
    }

    private static JsonObject WithoutVersion(JsonObject content)
    {
        var copy = (JsonObject)content.DeepClone();
        ((JsonObject)copy["metadata"]!).Remove("resourceVersion");
        return copy;
    }

    private void Stamp(JsonObject content, bool created, bool bumpGeneration = false)
    {
        var metadata = (JsonObject)content["metadata"]!;
        metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        if (created)
        {
            metadata["uid"] = $"00000000-0000-4000-8000-{++_uid:D12}";
            metadata["creationTimestamp"] = "2026-01-01T00:00:00Z";
            metadata["generation"] = 1;
        }
        else if (bumpGeneration)
        {
            metadata["generation"] = long.Parse(metadata["generation"]?.ToJsonString() ?? "1", CultureInfo.InvariantCulture) + 1;
        }
    }

    private static (int, JsonObject)? Validate(FakeResource r, string name, JsonObject body)
    {
        var causes = new List<(string Reason, string Field, string Message)>();
        if (!NamePattern().IsMatch(name))
        {
            causes.Add(("FieldValueInvalid", "metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"));
        }

        foreach (var (key, value) in body["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > 63)
            {
                causes.Add(("FieldValueInvalid", $"metadata.labels.{key}", "Invalid value: must be a string of no more than 63 characters"));
            }
        }

        if (r.Plural == "inferenceservices")
        {
            if (body["spec"]?["predictor"] is not JsonObject predictor)
            {
                causes.Add(("FieldValueRequired", "spec.predictor", "Required value"));
            }
            else if (predictor["minReplicas"] is JsonValue min && min.TryGetValue<long>(out var m) && m < 0)
            {
                causes.Add(("FieldValueInvalid", "spec.predictor.minReplicas", $"Invalid value: {m}: must be greater than or equal to 0"));
            }
        }

        if (r.Plural is "configmaps" or "secrets")
        {
            // As the API server: string values in data (base64 in a Secret's), base64 in binaryData, and at most 1 MiB in all.
            long size = 0;
            foreach (var (field, base64) in r.Plural == "configmaps" ? new[] { ("data", false), ("binaryData", true) } : [("data", true), ("stringData", false)])
            {
                foreach (var (key, value) in body[field] as JsonObject ?? [])
                {
                    if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                    {
                        causes.Add(("FieldValueTypeInvalid", $"{field}.{key}", "Invalid value: must be a string"));
                        continue;
                    }

                    if (base64)
                    {
                        try
                        {
                            size += Convert.FromBase64String(text).Length;
                        }
                        catch (FormatException)
                        {
                            causes.Add(("FieldValueInvalid", $"{field}.{key}", "Invalid value: illegal base64 data"));
                        }
                    }
                    else
                    {
                        size += System.Text.Encoding.UTF8.GetByteCount(text);
                    }
                }
            }

            if (size > MaxDataBytes)
            {
                causes.Add(("FieldValueTooLong", "[]", $"Too long: must have at most {MaxDataBytes} bytes"));
            }
        }

        return causes.Count == 0 ? null : FakeStatus.Invalid(r, name, causes);
    }

    private static string? FieldValue(JsonObject content, string path)
    {
        JsonNode? node = content;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
    }

    private static List<SelectorTerm> Selector(string? selector)
        => string.IsNullOrWhiteSpace(selector) ? [] : [.. selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SelectorTerm.Parse)];

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex NamePattern();

    private sealed record SelectorTerm(string Key, string? Value, bool Negated)
    {
        public static SelectorTerm Parse(string term)
        {
            var neq = term.IndexOf("!=", StringComparison.Ordinal);
            if (neq > 0)
            {
                return new SelectorTerm(term[..neq], term[(neq + 2)..], true);
            }

            var eq = term.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 ? new SelectorTerm(term[..eq], term[(eq + 1)..].TrimStart('='), false) : new SelectorTerm(term, null, false);
        }

        public bool Matches(string? actual) => Value is null ? actual is not null : Negated ? actual != Value : actual == Value;
    }
}
