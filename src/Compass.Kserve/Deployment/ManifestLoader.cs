using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Compass.Kserve.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Reads Kubernetes manifests (one or more YAML documents per file) into <see cref="ManifestDocument"/>s, checking
/// that every document is an object with <c>apiVersion</c>, <c>kind</c> and a valid <c>metadata.name</c>.
/// </summary>
public static partial class ManifestLoader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The file names kustomize reads a kustomization from.</summary>
    internal static readonly IReadOnlyList<string> KustomizationFiles = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    private static readonly HashSet<string> KustomizationKeys = new(StringComparer.Ordinal) { "apiVersion", "kind", "namespace", "resources" };

    /// <summary>Reads a folder's manifests; see <see cref="Load"/>.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The objects, in file order and then document order.</returns>
    /// <exception cref="DeploymentException">The directory is missing or holds no manifests, or a document is malformed (the message names the file and document).</exception>
    public static IReadOnlyList<ManifestDocument> LoadDirectory(string directory) => Load(directory).Documents;

    /// <summary>
    /// Reads a folder's manifests. With a <c>kustomization.yaml</c> (as Compass writes one), exactly the files it lists
    /// under <c>resources</c>, in that order, and its <c>namespace</c>; without one, every <c>*.yaml</c>, <c>*.yml</c>
    /// and <c>*.json</c> file (not recursively), in name order. Kustomize transformations (patches, generators, images,
    /// labels …) are refused rather than ignored: render them first with <c>kubectl kustomize</c>.
    /// </summary>
    /// <param name="directory">The directory.</param>
    /// <returns>The objects and the kustomization's namespace.</returns>
    /// <exception cref="DeploymentException">The directory is missing or holds no manifests, the kustomization uses what Compass cannot apply, or a document is malformed (the message names the file and document).</exception>
    public static ManifestSource Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"The manifest directory '{directory}' does not exist; give the directory the manifests were written to.");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) || KustomizationFiles.Contains(Path.GetFileName(f)))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var kustomizations = files.Where(KustomizationFiles.Contains).ToList();
        string? ns = null;
        List<string> read;
        var ignored = new List<string>();
        if (kustomizations.Count > 1)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"'{directory}' holds {string.Join(" and ", kustomizations)}; keep one kustomization file.");
        }

        if (kustomizations.Count == 1)
        {
            (read, ns) = ReadKustomization(directory, kustomizations[0]);
            ignored.AddRange(files.Where(f => f != kustomizations[0] && !read.Contains(f)));
        }
        else
        {
            read = files;
        }

        var documents = new List<ManifestDocument>();
        foreach (var file in read)
        {
            foreach (var document in Parse(File.ReadAllText(Path.Combine(directory, file)), file))
            {
                if (document.Kind == "Kustomization" && document.ApiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal))
                {
                    throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{document.Source} is a Kustomization, not a Kubernetes object; name it kustomization.yaml, or leave it out of the folder.");
                }

                documents.Add(document);
            }
        }

        if (documents.Count == 0)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"The directory '{directory}' holds no Kubernetes manifests (*.yaml, *.yml, *.json); generate them first.");
        }

        return new ManifestSource(documents, ns, ignored, File.Exists(Path.Combine(directory, ".compass-manifests")));
    }

    private static (List<string> Files, string? Namespace) ReadKustomization(string directory, string file)
    {
        var source = file;
        JsonNode? json;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(Path.Combine(directory, file))));
            json = stream.Documents.Count == 1 ? YamlTree.ToJson(stream.Documents[0].RootNode) : null;
        }
        catch (YamlException ex)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Inner(ex)}.", innerException: ex);
        }

        if (json is not JsonObject root || Text(root, "kind") != "Kustomization")
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} is not a kustomization (one YAML document with kind: Kustomization).");
        }

        if (root.Select(p => p.Key).FirstOrDefault(k => !KustomizationKeys.Contains(k)) is { } unsupported)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest,
                $"{source} uses '{unsupported}', a kustomize transformation the deployer does not apply (it reads namespace and resources only). Render the folder first (kubectl kustomize {directory} > rendered/all.yaml), then deploy the rendered folder.");
        }

        string? ns = null;
        if (root["namespace"] is { } nsNode)
        {
            ns = nsNode is JsonValue v && v.TryGetValue<string>(out var text) && NamespacePattern().IsMatch(text)
                ? text
                : throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} has namespace {nsNode.ToJsonString()}, which is not a valid namespace name.");
        }

        if (root["resources"] is not JsonArray resources || resources.Count == 0)
        {
            throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} lists no resources; list the manifest files under resources.");
        }

        var files = new List<string>();
        foreach (var entry in resources)
        {
            if (entry is not JsonValue value || !value.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
            {
                throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} has a resources entry {entry?.ToJsonString() ?? "null"} that is not a file name.");
            }

            if (name.Contains("://", StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
            {
                throw new DeploymentException(DeploymentFailure.InvalidManifest,
                    $"{source} lists '{name}', which is not a file in {directory}; the deployer reads files of the folder itself. Render the kustomization first (kubectl kustomize {directory} > rendered/all.yaml), then deploy the rendered folder.");
            }

            if (!File.Exists(Path.Combine(directory, name)))
            {
                throw new DeploymentException(DeploymentFailure.InvalidManifest, $"{source} lists {name}, which is not in {directory}; regenerate the manifests or fix the list.");
            }

            if (!files.Contains(name))
            {
                files.Add(name);
            }
        }

        return (files, ns);
    }

    /// <summary>Parses the YAML documents of one file. Empty documents (a lone <c>---</c>, comments) are skipped.</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <returns>The objects, in document order.</returns>
    /// <exception cref="DeploymentException">A document is not valid YAML or not a Kubernetes object.</exception>
    public static IReadOnlyList<ManifestDocument> Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var document = yaml[..Math.Min(yaml.Length, (int)Math.Max(0, ex.Start.Index))].Split('\n').Count(l => l.TrimEnd() == "---") + (yaml.TrimStart().StartsWith("---", StringComparison.Ordinal) ? 0 : 1);
            throw Malformed(source, Math.Max(1, document), $"is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Inner(ex)}", ex);
        }

        var result = new List<ManifestDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            if (root is YamlScalarNode { Value: null or "" } || (root is YamlScalarNode s && s.Style == ScalarStyle.Plain && s.Value is "~" or "null"))
            {
                continue;
            }

            JsonNode? json;
            try
            {
                json = YamlTree.ToJson(root);
            }
            catch (YamlException ex)
            {
                throw Malformed(source, i + 1, $"line {ex.Start.Line}: {ex.Message}", ex);
            }

            result.Add(ToDocument(json, source, i + 1));
        }

        return result;
    }

    private static ManifestDocument ToDocument(JsonNode? json, string source, int index)
    {
        if (json is not JsonObject obj)
        {
            throw Malformed(source, index, "is not a Kubernetes object (a mapping with apiVersion, kind and metadata)");
        }

        var apiVersion = Text(obj, "apiVersion");
        var kind = Text(obj, "kind");
        if (apiVersion is null || kind is null)
        {
            throw Malformed(source, index, $"has no {(apiVersion is null ? "apiVersion" : "kind")}; every Kubernetes object needs apiVersion and kind");
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            throw Malformed(source, index, $"({kind}) has no metadata mapping; it needs at least metadata.name");
        }

        var name = Text(metadata, "name");
        if (name is null)
        {
            throw Malformed(source, index, $"({kind}) has no metadata.name");
        }

        if (name.Length > 253 || !NamePattern().IsMatch(name))
        {
            throw Malformed(source, index, $"({kind}) has metadata.name '{name}', which is not a valid Kubernetes name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)");
        }

        var ns = metadata["namespace"] is null ? null : Text(metadata, "namespace")
            ?? throw Malformed(source, index, $"({kind} {name}) has a metadata.namespace that is not a string");
        if (ns is not null && !NamespacePattern().IsMatch(ns))
        {
            throw Malformed(source, index, $"({kind} {name}) has metadata.namespace '{ns}', which is not a valid namespace name");
        }

        return new ManifestDocument(apiVersion, kind, name, ns, $"{source} (document {index})", obj);
    }

    private static string? Text(JsonObject obj, string key)
        => obj[key] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static DeploymentException Malformed(string source, int document, string problem, Exception? inner = null)
        => new(DeploymentFailure.InvalidManifest, $"{source}, document {document} {problem}.", innerException: inner);

    private static string Inner(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return (cut > 0 && message.StartsWith('(') ? message[(cut + 3)..] : message).TrimEnd('.');
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();
}
