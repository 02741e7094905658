using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;
using YamlDotNet.Core;

namespace Compass.Kserve.Validation;

/// <summary>
/// Validates Kubernetes manifests offline. Custom resources (KServe <c>InferenceService</c>, KEDA <c>ScaledObject</c>,
/// Prometheus-operator <c>ServiceMonitor</c> and <c>PrometheusRule</c>) are checked against the real CRD
/// <c>openAPIV3Schema</c> of the served version named in their <c>apiVersion</c>, with unknown fields as errors.
/// Built-in kinds (<c>ConfigMap</c>, <c>PodDisruptionBudget</c>, …) are checked by strict deserialization into
/// KubernetesClient's models. Every object's metadata is checked too (DNS-1123 names, label syntax).
/// </summary>
/// <remarks>Thread-safe. The embedded CRDs are read once, on first use.</remarks>
public sealed class ManifestValidator
{
    private readonly StructuralSchemaValidator _schemas = new();

    /// <summary>Validates every document of a generated set.</summary>
    /// <param name="set">The manifests.</param>
    /// <returns>Every error found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="set"/> is null.</exception>
    public ValidationResult Validate(ManifestSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        foreach (var document in set.Documents)
        {
            errors.AddRange(Validate(document.Yaml, document.FileName).Errors);
        }

        return new ValidationResult(errors.ToImmutable());
    }

    /// <summary>Validates every document of a YAML text.</summary>
    /// <param name="yaml">One or more YAML documents.</param>
    /// <param name="source">What to call the text in messages (a file name).</param>
    /// <returns>Every error found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="yaml"/> is null.</exception>
    public ValidationResult Validate(string yaml, string source = "manifest")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlTree.Parse(yaml);
        }
        catch (YamlException ex)
        {
            return Fail(source, "$", $"not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}");
        }

        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        for (var i = 0; i < documents.Count; i++)
        {
            var name = documents.Count == 1 ? source : string.Create(CultureInfo.InvariantCulture, $"{source}#{i + 1}");
            if (documents[i] is not JsonObject obj)
            {
                errors.Add(new ValidationError(name, "$", "a manifest must be a mapping (an object)"));
                continue;
            }

            errors.AddRange(ValidateObject(obj, name));
        }

        return new ValidationResult(errors.ToImmutable());
    }

    private List<ValidationError> ValidateObject(JsonObject obj, string source)
    {
        var errors = new List<ValidationError>();
        var apiVersion = obj["apiVersion"] is JsonValue av && av.TryGetValue(out string? a) ? a : null;
        var kind = obj["kind"] is JsonValue k && k.TryGetValue(out string? kk) ? kk : null;
        var label = $"{kind ?? "?"}/{obj["metadata"]?["name"]?.ToString() ?? "?"} ({source})";
        if (apiVersion is null || kind is null)
        {
            errors.Add(new ValidationError(label, apiVersion is null ? "$.apiVersion" : "$.kind", "is required and must be a string"));
            return errors;
        }

        errors.AddRange(MetadataRules.Check(obj["metadata"]).Select(e => new ValidationError(label, e.Path, e.Message)));
        if (CrdCatalog.Find(apiVersion, kind) is { } crd)
        {
            errors.AddRange(_schemas.Validate(obj, crd.Schema).Select(e => new ValidationError(label, e.Path, e.Message)));
        }
        else if (BuiltInKinds.IsKnown(apiVersion, kind))
        {
            errors.AddRange(BuiltInKinds.Check(obj).Select(e => new ValidationError(label, e.Path, e.Message)));
        }
        else
        {
            var known = CrdCatalog.All.Select(s => $"{s.ApiVersion} {s.Kind}").Concat(BuiltInKinds.Names).Order(StringComparer.Ordinal);
            errors.Add(new ValidationError(label, "$.apiVersion", $"no schema for {apiVersion} {kind}; known: {string.Join(", ", known)}"));
        }

        return errors;
    }

    private static ValidationResult Fail(string document, string path, string message)
        => new([new ValidationError(document, path, message)]);
}
