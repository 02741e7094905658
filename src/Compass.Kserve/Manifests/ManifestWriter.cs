using System.Text.Json.Nodes;
using Compass.Kserve.Validation;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Writes a manifest set as one file per object plus a <c>kustomization.yaml</c>, atomically: everything is written to
/// a temporary folder beside the target and moved into place in one rename, so the target is never half-written.
/// The set is validated first and nothing is written when it fails. A folder that exists and was not written by
/// Compass is left alone unless <c>force</c> is set.
/// </summary>
/// <remarks>Thread-safe; two writers of the same folder at once race on the final rename, and one of them fails.</remarks>
public sealed class ManifestWriter
{
    /// <summary>The file that marks a folder as written by Compass.</summary>
    public const string MarkerFile = ".compass-manifests";

    /// <summary>The kustomization file written beside the manifests.</summary>
    public const string KustomizationFile = "kustomization.yaml";

    private readonly ManifestValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="ManifestWriter"/> class.</summary>
    /// <param name="validator">The validator, or <see langword="null"/> for a new one.</param>
    public ManifestWriter(ManifestValidator? validator = null) => _validator = validator ?? new ManifestValidator();

    /// <summary>Validates and writes a manifest set.</summary>
    /// <param name="set">The manifests.</param>
    /// <param name="directory">The target folder (created; replaced when it holds an earlier Compass output).</param>
    /// <param name="force">Replace the folder even when it exists and was not written by Compass.</param>
    /// <param name="cancellationToken">Cancels the write (before the final move).</param>
    /// <returns>The paths written, manifests first, then the kustomization.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ManifestValidationException">The set does not validate; nothing is written.</exception>
    /// <exception cref="IOException">The folder exists and is not Compass output (without <paramref name="force"/>), or writing failed.</exception>
    public async Task<IReadOnlyList<string>> WriteAsync(ManifestSet set, string directory, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _validator.Validate(set).ThrowIfInvalid();
        var target = Path.GetFullPath(directory);
        if (File.Exists(target))
        {
            throw new IOException($"'{directory}' is a file, not a folder.");
        }

        var exists = Directory.Exists(target);
        if (exists && !force && Directory.EnumerateFileSystemEntries(target).Any() && !IsCompassOutput(target))
        {
            throw new IOException($"'{directory}' exists and was not written by Compass (no {MarkerFile}); choose another folder or pass --force to replace it.");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"'{directory}' has no parent folder.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.compass-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = new List<string>();
            foreach (var document in set.Documents)
            {
                await File.WriteAllTextAsync(Path.Combine(staging, document.FileName), document.Yaml, cancellationToken).ConfigureAwait(false);
                written.Add(Path.Combine(target, document.FileName));
            }

            await File.WriteAllTextAsync(Path.Combine(staging, KustomizationFile), Kustomization(set), cancellationToken).ConfigureAwait(false);
            written.Add(Path.Combine(target, KustomizationFile));
            await File.WriteAllTextAsync(Path.Combine(staging, MarkerFile), $"Written by Compass for {set.Settings.ServedModelName} (rank {set.Rank}). Safe to replace with 'compass generate'.\n", cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Replace(staging, target, exists);
            return written;
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>Gets whether a folder holds Compass output.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns><see langword="true"/> when it has the marker file.</returns>
    public static bool IsCompassOutput(string directory) => File.Exists(Path.Combine(directory, MarkerFile));

    private static void Replace(string staging, string target, bool exists)
    {
        if (!exists)
        {
            Directory.Move(staging, target);
            return;
        }

        // Two renames: the old folder steps aside, the new one takes its place, then the old one is removed.
        var old = $"{staging}.old";
        Directory.Move(target, old);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }

        TryDelete(old);
    }

    private static string Kustomization(ManifestSet set)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = "kustomize.config.k8s.io/v1beta1",
            ["kind"] = "Kustomization",
            ["namespace"] = set.Settings.Namespace,
            ["resources"] = new JsonArray([.. set.Documents.Select(d => (JsonNode)JsonValue.Create(d.FileName))]),
        };
        return YamlTree.ToYaml(node);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left behind as a hidden folder; harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
