namespace Compass.Kserve.Manifests;

/// <summary>
/// An output folder as Compass found it, and the rules for writing into it: never the file-system root, a home
/// folder, the current folder or one of its parents; never a folder that holds files Compass did not write; and
/// within a folder Compass wrote, only the files it recorded, and only when they are unchanged (or when forced).
/// </summary>
internal sealed class OutputFolder
{
    private OutputFolder(string given, string path, bool exists, WrittenFiles? previous, IReadOnlyList<string> entries)
    {
        Given = given;
        Path = path;
        Exists = exists;
        Previous = previous;
        Entries = entries;
    }

    /// <summary>Gets the folder as the user gave it, for messages.</summary>
    public string Given { get; }

    /// <summary>Gets the full path, without a trailing separator.</summary>
    public string Path { get; }

    /// <summary>Gets a value indicating whether the folder exists.</summary>
    public bool Exists { get; }

    /// <summary>Gets the record of an earlier Compass write, or <see langword="null"/> when there is none.</summary>
    public WrittenFiles? Previous { get; }

    /// <summary>Gets the names of the folder's entries (files and folders), without the marker and Compass's own staging folders.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>Inspects a folder and refuses the ones Compass must never write to.</summary>
    /// <exception cref="ManifestOutputException">The folder is refused; the message says why.</exception>
    public static OutputFolder Inspect(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ManifestOutputException("The output folder is empty; give a folder such as manifests/.");
        }

        string full;
        try
        {
            full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(directory.Trim()));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ManifestOutputException($"'{directory}' is not a usable folder path: {ex.Message}", ex);
        }

        Refuse(directory, full);
        if (File.Exists(full))
        {
            throw new ManifestOutputException($"'{directory}' is a file, not a folder; give a folder such as manifests/.");
        }

        if (!Directory.Exists(full))
        {
            return new OutputFolder(directory, full, exists: false, previous: null, []);
        }

        if (new DirectoryInfo(full).LinkTarget is { } link)
        {
            // The checks above were on the link's path; the files would land where it points.
            var resolved = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(link, System.IO.Path.GetDirectoryName(full)!));
            Refuse(directory, resolved);
        }

        var previous = WrittenFiles.Read(full);
        var entries = Directory.EnumerateFileSystemEntries(full)
            .Select(e => System.IO.Path.GetFileName(e))
            .Where(n => n != ManifestWriter.MarkerFile && !n.StartsWith(ManifestWriter.StagingPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (previous is null && entries.Count > 0)
        {
            throw new ManifestOutputException(
                $"'{directory}' already holds files Compass did not write ({List(entries)}); Compass writes only into a new or empty folder, or one it wrote before. Choose another folder, e.g. {Suggest(directory)}.");
        }

        return new OutputFolder(directory, full, exists: true, previous, entries);
    }

    /// <summary>The files of an earlier Compass write that were edited or removed by someone since.</summary>
    /// <returns>The names of edited files.</returns>
    public IReadOnlyList<string> EditedFiles()
    {
        if (Previous is not { Legacy: false } previous)
        {
            return [];
        }

        return [.. previous.Files.Where(f => File.Exists(Combine(f.Key)) && WrittenFiles.Hash(File.ReadAllBytes(Combine(f.Key))) != f.Value).Select(f => f.Key)];
    }

    /// <summary>Gets whether a file in the folder may be replaced: Compass recorded it (or, for a legacy marker, it has a Compass file name).</summary>
    /// <param name="name">The file name.</param>
    /// <returns><see langword="true"/> when Compass wrote it.</returns>
    public bool Owns(string name)
        => Previous is { } previous && (previous.Legacy ? IsCompassFileName(name) : previous.Files.ContainsKey(name));

    /// <summary>Gets the full path of a file in the folder.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>The path.</returns>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Lists a few names for a message.</summary>
    /// <param name="names">The names.</param>
    /// <returns>Up to five names, then a count.</returns>
    public static string List(IReadOnlyCollection<string> names)
        => string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : string.Empty);

    private static bool IsCompassFileName(string name)
        => name == ManifestWriter.KustomizationFile
            || (name.Length > 8 && char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[1]) && name[2] == '-' && name.EndsWith(".yaml", StringComparison.Ordinal));

    private static void Refuse(string given, string full)
    {
        var root = System.IO.Path.GetPathRoot(full);
        if (string.IsNullOrEmpty(root) || full == root || full == System.IO.Path.TrimEndingDirectorySeparator(root))
        {
            throw RefusedRoot(given);
        }

        var current = System.IO.Path.TrimEndingDirectorySeparator(Directory.GetCurrentDirectory());
        if (IsSameOrAncestor(full, current))
        {
            throw new ManifestOutputException(
                full == current
                    ? $"'{given}' is the current folder; Compass does not write manifests into it. Give a folder of their own, e.g. manifests/."
                    : $"'{given}' is a parent of the current folder; Compass does not write manifests there. Give a folder of their own, e.g. manifests/.");
        }

        foreach (var home in HomeFolders())
        {
            if (IsSameOrAncestor(full, home))
            {
                throw new ManifestOutputException(
                    full == home
                        ? $"'{given}' is your home folder; Compass does not write manifests into it. Give a folder of their own, e.g. ~/manifests."
                        : $"'{given}' holds home folders; Compass does not write manifests there. Give a folder of their own, e.g. ~/manifests.");
            }
        }
    }

    private static ManifestOutputException RefusedRoot(string given)
        => new($"'{given}' is the root of the file system; Compass does not write manifests there. Give a folder of their own, e.g. manifests/.");

    private static IEnumerable<string> HomeFolders()
    {
        foreach (var home in new[] { Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable("HOME") })
        {
            if (!string.IsNullOrWhiteSpace(home))
            {
                yield return System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(home));
            }
        }
    }

    private static bool IsSameOrAncestor(string candidate, string path)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(candidate, path, comparison)
            || path.StartsWith(candidate.EndsWith(System.IO.Path.DirectorySeparatorChar) ? candidate : candidate + System.IO.Path.DirectorySeparatorChar, comparison);
    }

    private static string Suggest(string given)
    {
        var trimmed = given.TrimEnd('/', '\\');
        return trimmed.Length == 0 || trimmed == "." ? "manifests/" : trimmed + "-manifests/";
    }
}
