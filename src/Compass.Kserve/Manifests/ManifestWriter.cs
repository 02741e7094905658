using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Compass.Kserve.Validation;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Writes a manifest set as one file per object plus a <c>kustomization.yaml</c> and the alerts' runbook
/// (<see cref="MonitoringBundle.RunbookFileName"/>), and records what it wrote (with each
/// file's hash) in <see cref="MarkerFile"/>. It never deletes or overwrites anything it did not write:
/// <list type="bullet">
/// <item>it refuses the file-system root, home folders, the current folder and its parents, and any folder that
/// holds files without a Compass record;</item>
/// <item>in a folder Compass wrote before, it replaces only the files it recorded, removes only recorded files the
/// new set no longer has, and leaves every other file alone; a recorded file edited since is replaced or removed
/// only with <c>force</c>.</item>
/// </list>
/// The set is validated first and nothing is written when it fails. A new folder appears in one rename; in an
/// existing folder every replaced file is kept aside until all are in place, and restored if any step fails.
/// </summary>
/// <remarks>Thread-safe for different folders; two writers of the same folder at once may fail.</remarks>
public sealed class ManifestWriter
{
    /// <summary>The file that marks a folder as written by Compass and lists what it wrote.</summary>
    public const string MarkerFile = ".compass-manifests";

    /// <summary>The kustomization file written beside the manifests.</summary>
    public const string KustomizationFile = "kustomization.yaml";

    /// <summary>The prefix of the hidden folders a write stages its files in.</summary>
    internal const string StagingPrefix = ".compass-staging-";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ManifestValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="ManifestWriter"/> class.</summary>
    /// <param name="validator">The validator, or <see langword="null"/> for a new one.</param>
    public ManifestWriter(ManifestValidator? validator = null) => _validator = validator ?? new ManifestValidator();

    /// <summary>
    /// Checks, before anything is generated or printed, that a folder may receive manifests: the same rules as
    /// <see cref="WriteAsync"/> applies, except the ones that depend on the set's file names.
    /// </summary>
    /// <param name="directory">The target folder.</param>
    /// <param name="force">Whether recorded files edited since Compass wrote them may be replaced.</param>
    /// <exception cref="ManifestOutputException">Compass will not write there; the message says why and what to do.</exception>
    public static void CheckTarget(string directory, bool force = false)
    {
        var folder = OutputFolder.Inspect(directory);
        CheckEdited(folder, force);
    }

    /// <summary>Validates and writes a manifest set.</summary>
    /// <param name="set">The manifests.</param>
    /// <param name="directory">The target folder: new, empty, or one Compass wrote before.</param>
    /// <param name="force">Replace or remove files Compass wrote there even if they were edited since (never other files).</param>
    /// <param name="cancellationToken">Cancels the write (before files are moved into place).</param>
    /// <returns>The files written and removed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ManifestValidationException">The set does not validate; nothing is written.</exception>
    /// <exception cref="ManifestOutputException">Compass will not write to the folder; nothing is written.</exception>
    /// <exception cref="IOException">Writing failed; the folder is as it was.</exception>
    public async Task<ManifestWriteResult> WriteAsync(ManifestSet set, string directory, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(directory);
        _validator.Validate(set).ThrowIfInvalid();
        var files = new List<(string Name, byte[] Content)>();
        foreach (var document in set.Documents)
        {
            files.Add((document.FileName, Utf8.GetBytes(document.Yaml)));
        }

        files.Add((KustomizationFile, Utf8.GetBytes(Kustomization(set))));
        if (set.Monitoring is { } monitoring)
        {
            // Markdown, so neither kubectl apply -f nor the kustomization picks it up.
            files.Add((MonitoringBundle.RunbookFileName, Utf8.GetBytes(monitoring.Runbook)));
        }

        return await WriteFilesAsync(files, directory, force, set.Settings.Namespace, set.Settings.ServedModelName, set.Rank, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a single-VM bundle (Terraform, cloud-init, the Compose stack, README) by the same rules as a manifest set:
    /// only into a new or empty folder or one Compass wrote, replacing only the files it recorded, edited ones only with
    /// <paramref name="force"/>, and never touching other files.
    /// </summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="directory">The target folder: new, empty, or one Compass wrote before.</param>
    /// <param name="force">Replace or remove files Compass wrote there even if they were edited since (never other files).</param>
    /// <param name="cancellationToken">Cancels the write (before files are moved into place).</param>
    /// <returns>The files written and removed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ManifestOutputException">Compass will not write to the folder; nothing is written.</exception>
    /// <exception cref="IOException">Writing failed; the folder is as it was.</exception>
    public static async Task<ManifestWriteResult> WriteBundleAsync(Vm.VmBundle bundle, string directory, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(directory);
        var files = bundle.Files.Select(f => (f.Name, Utf8.GetBytes(f.Content))).ToList();
        return await WriteFilesAsync(files, directory, force, bundle.Settings.Namespace, bundle.Settings.ServedModelName, bundle.Rank, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ManifestWriteResult> WriteFilesAsync(
        List<(string Name, byte[] Content)> files, string directory, bool force, string @namespace, string model, int rank, CancellationToken cancellationToken)
    {
        var folder = OutputFolder.Inspect(directory);
        CheckEdited(folder, force);

        foreach (var name in files.Select(f => f.Name))
        {
            if (!WrittenFiles.IsPlainName(name) || name == MarkerFile || name.StartsWith(StagingPrefix, StringComparison.Ordinal))
            {
                throw new ManifestOutputException($"The manifest set names a file '{name}' that is not a plain file name; nothing was written.");
            }

            if (folder.Entries.Contains(name) && !folder.Owns(name))
            {
                throw new ManifestOutputException($"'{folder.Given}' holds {name}, which Compass did not write; move it away or choose another folder. Nothing was written.");
            }

            if (Directory.Exists(folder.Combine(name)))
            {
                throw new ManifestOutputException($"'{folder.Given}' holds a folder named {name}, where Compass would write a file; move it away or choose another folder. Nothing was written.");
            }
        }

        var record = new WrittenFiles(
            files.ToImmutableSortedDictionary(f => f.Name, f => WrittenFiles.Hash(f.Content), StringComparer.Ordinal),
            @namespace);
        var marker = Utf8.GetBytes(record.ToJson(model, rank));
        var stale = folder.Previous is { Legacy: false } previous
            ? previous.Files.Keys.Where(n => !record.Files.ContainsKey(n) && File.Exists(folder.Combine(n))).ToList()
            : [];

        if (!folder.Exists)
        {
            await CreateAsync(folder, files, marker, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ReplaceAsync(folder, files, stale, marker, cancellationToken).ConfigureAwait(false);
        }

        return new ManifestWriteResult(folder.Path, [.. files.Select(f => folder.Combine(f.Name))], [.. stale.Select(folder.Combine)]);
    }

    /// <summary>Gets whether a folder holds Compass output.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns><see langword="true"/> when it has the marker file.</returns>
    public static bool IsCompassOutput(string directory) => File.Exists(Path.Combine(directory, MarkerFile));

    private static void CheckEdited(OutputFolder folder, bool force)
    {
        var edited = folder.EditedFiles();
        if (edited.Count > 0 && !force)
        {
            throw new ManifestOutputException(
                $"'{folder.Given}' holds files Compass wrote that were edited since ({OutputFolder.List(edited)}); keep your edits by choosing another folder, or write with force to replace them (files Compass did not write are never touched).")
            {
                ForceReplaces = true,
            };
        }
    }

    // A new folder: stage everything beside it, then one rename makes it appear whole.
    private static async Task CreateAsync(OutputFolder folder, List<(string Name, byte[] Content)> files, byte[] marker, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(folder.Path) ?? throw new ManifestOutputException($"'{folder.Given}' has no parent folder.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $"{StagingPrefix}{Path.GetFileName(folder.Path)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var (name, content) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, name), content, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllBytesAsync(Path.Combine(staging, MarkerFile), marker, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(staging, folder.Path);
        }
        catch
        {
            TryDeleteStaging(staging);
            throw;
        }
    }

    // An existing folder Compass wrote (or an empty one): stage the new files inside it, move each replaced file
    // aside, move the new ones in, and only then drop what was set aside; any failure puts the old files back.
    private static async Task ReplaceAsync(OutputFolder folder, List<(string Name, byte[] Content)> files, List<string> stale, byte[] marker, CancellationToken cancellationToken)
    {
        var staging = folder.Combine($"{StagingPrefix}{Guid.NewGuid():N}");
        var aside = Path.Combine(staging, "previous");
        Directory.CreateDirectory(aside);
        var movedAside = new List<string>();
        var placed = new List<string>();
        try
        {
            foreach (var (name, content) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, name), content, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllBytesAsync(Path.Combine(staging, MarkerFile), marker, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            foreach (var name in files.Select(f => f.Name).Concat(stale).Append(MarkerFile))
            {
                if (File.Exists(folder.Combine(name)))
                {
                    File.Move(folder.Combine(name), Path.Combine(aside, name));
                    movedAside.Add(name);
                }
            }

            foreach (var name in files.Select(f => f.Name).Append(MarkerFile))
            {
                File.Move(Path.Combine(staging, name), folder.Combine(name));
                placed.Add(name);
            }
        }
        catch
        {
            foreach (var name in placed)
            {
                TryDeleteFile(folder.Combine(name));
            }

            foreach (var name in movedAside)
            {
                File.Move(Path.Combine(aside, name), folder.Combine(name), overwrite: true);
            }

            TryDeleteStaging(staging);
            throw;
        }

        TryDeleteStaging(staging);
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

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The restore below overwrites it.
        }
    }

    // Only ever called on a staging folder this writer created, which holds only files it wrote.
    private static void TryDeleteStaging(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind as a hidden folder; the next write ignores it.
        }
    }
}
