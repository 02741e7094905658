using System.IO.Compression;
using System.Text.Json.Nodes;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Validation;

/// <summary>
/// The CRD schemas embedded in the package (see <c>Validation/Crds/README.md</c>), read once on first use. Only versions
/// marked <c>served: true</c> are listed.
/// </summary>
internal static class CrdCatalog
{
    private const string ResourcePrefix = "Compass.Kserve.Crds.";

    private static readonly Lazy<IReadOnlyList<CrdSchema>> Embedded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets every served version of every embedded CRD.</summary>
    public static IReadOnlyList<CrdSchema> All => Embedded.Value;

    /// <summary>Finds the served version for an <c>apiVersion</c> and kind.</summary>
    /// <param name="apiVersion">The object's <c>apiVersion</c>.</param>
    /// <param name="kind">The object's kind.</param>
    /// <returns>The schema, or <see langword="null"/> when no embedded CRD serves it.</returns>
    public static CrdSchema? Find(string apiVersion, string kind)
        => All.FirstOrDefault(s => string.Equals(s.ApiVersion, apiVersion, StringComparison.Ordinal) && string.Equals(s.Kind, kind, StringComparison.Ordinal));

    /// <summary>Reads the served versions of one CRD document.</summary>
    /// <param name="crdYaml">The CRD's YAML.</param>
    /// <returns>Its served versions.</returns>
    /// <exception cref="InvalidDataException">The text is not a CRD.</exception>
    public static IEnumerable<CrdSchema> Read(string crdYaml)
    {
        foreach (var document in YamlTree.Parse(crdYaml).OfType<JsonObject>())
        {
            if (document["kind"]?.GetValue<string>() != "CustomResourceDefinition" || document["spec"] is not JsonObject spec)
            {
                throw new InvalidDataException("Not a CustomResourceDefinition.");
            }

            var group = spec["group"]?.GetValue<string>() ?? throw new InvalidDataException("The CRD has no spec.group.");
            var kind = spec["names"]?["kind"]?.GetValue<string>() ?? throw new InvalidDataException("The CRD has no spec.names.kind.");
            foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (version["served"]?.GetValue<bool>() == true && version["schema"]?["openAPIV3Schema"] is JsonObject schema
                    && version["name"]?.GetValue<string>() is { } name)
                {
                    yield return new CrdSchema(group, name, kind, schema);
                }
            }
        }
    }

    private static List<CrdSchema> Load()
    {
        var assembly = typeof(CrdCatalog).Assembly;
        var schemas = new List<CrdSchema>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The embedded CRD {resource} is missing.");
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            schemas.AddRange(Read(reader.ReadToEnd()));
        }

        return schemas;
    }
}
