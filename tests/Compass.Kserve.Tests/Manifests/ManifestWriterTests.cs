using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;

namespace Compass.Kserve.Tests.Manifests;

public sealed class ManifestWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-writer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ManifestSet Chatbot() => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));

    [Fact]
    public async Task Write_OneFilePerObject_PlusKustomizationAndRunbook_AndNoStagingLeft()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "out");

        var result = await new ManifestWriter().WriteAsync(set, target);

        Assert.Equal(set.Documents.Length + 2, result.Written.Count);
        Assert.Equal(set.Monitoring!.Runbook, await File.ReadAllTextAsync(Path.Combine(target, MonitoringBundle.RunbookFileName)));
        // The runbook is for people: the kustomization does not list it.
        Assert.All(result.Written, f => Assert.True(File.Exists(f)));
        Assert.Empty(result.Removed);
        var kustomization = await File.ReadAllTextAsync(Path.Combine(target, "kustomization.yaml"));
        Assert.Contains("01-inferenceservice.yaml", kustomization, StringComparison.Ordinal);
        Assert.DoesNotContain(MonitoringBundle.RunbookFileName, kustomization, StringComparison.Ordinal);
        Assert.True(ManifestWriter.IsCompassOutput(target));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
        Assert.Equal(result.Written.Count + 1, Directory.EnumerateFileSystemEntries(target).Count());
    }

    [Fact]
    public async Task Write_RecordsEveryFileItWrote_WithItsHash()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "out");

        var result = await new ManifestWriter().WriteAsync(set, target);

        var record = WrittenFiles.Read(target)!;
        Assert.False(record.Legacy);
        Assert.Equal(result.Written.Select(Path.GetFileName).Order(StringComparer.Ordinal), record.Files.Keys);
        foreach (var (name, hash) in record.Files)
        {
            Assert.Equal(WrittenFiles.Hash(await File.ReadAllBytesAsync(Path.Combine(target, name))), hash);
        }

        Assert.Equal(set.Settings.Namespace, record.Namespace);
    }

    [Fact]
    public async Task Rewrite_KeepsFilesTheUserAdded_AndReplacesOnlyItsOwn()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "out");
        await new ManifestWriter().WriteAsync(set, target);
        await File.WriteAllTextAsync(Path.Combine(target, "notes.md"), "my notes");
        Directory.CreateDirectory(Path.Combine(target, "extra"));
        await File.WriteAllTextAsync(Path.Combine(target, "extra", "secret.yaml"), "kind: Secret");

        var result = await new ManifestWriter().WriteAsync(set, target);

        Assert.Equal("my notes", await File.ReadAllTextAsync(Path.Combine(target, "notes.md")));
        Assert.Equal("kind: Secret", await File.ReadAllTextAsync(Path.Combine(target, "extra", "secret.yaml")));
        Assert.Empty(result.Removed);
        Assert.DoesNotContain(Directory.EnumerateDirectories(target), d => Path.GetFileName(d).StartsWith(".compass-staging-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rewrite_RemovesOnlyItsOwnStaleFiles()
    {
        var full = Chatbot();
        var target = Path.Combine(_root, "out");
        await new ManifestWriter().WriteAsync(full, target);
        var fewer = full with { Documents = [.. full.Documents.Take(full.Documents.Length - 1)] };
        var dropped = full.Documents[^1].FileName;

        var result = await new ManifestWriter().WriteAsync(fewer, target);

        Assert.Equal([Path.Combine(target, dropped)], result.Removed);
        Assert.False(File.Exists(Path.Combine(target, dropped)));
        Assert.DoesNotContain(dropped, await File.ReadAllTextAsync(Path.Combine(target, ManifestWriter.KustomizationFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewrite_OfAFileTheUserEdited_NeedsForce_AndForceReplacesOnlyCompassFiles()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "out");
        await new ManifestWriter().WriteAsync(set, target);
        var edited = Path.Combine(target, set.Documents[0].FileName);
        await File.AppendAllTextAsync(edited, "# tuned by hand\n");
        await File.WriteAllTextAsync(Path.Combine(target, "mine.yaml"), "x: 1");

        var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => new ManifestWriter().WriteAsync(set, target));
        Assert.Contains(set.Documents[0].FileName, ex.Message, StringComparison.Ordinal);
        Assert.Contains("write with force to replace them", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.ForceReplaces);
        Assert.EndsWith("# tuned by hand\n", await File.ReadAllTextAsync(edited), StringComparison.Ordinal);

        await new ManifestWriter().WriteAsync(set, target, force: true);
        Assert.DoesNotContain("# tuned by hand", await File.ReadAllTextAsync(edited), StringComparison.Ordinal);
        Assert.Equal("x: 1", await File.ReadAllTextAsync(Path.Combine(target, "mine.yaml")));
    }

    [Fact]
    public async Task Write_RefusesAFolderCompassDidNotWrite_EvenWithForce()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "mine");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "keep me");

        foreach (var force in new[] { false, true })
        {
            var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => new ManifestWriter().WriteAsync(set, target, force));
            Assert.Contains("notes.txt", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Compass did not write", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Write_IntoAnEmptyFolder_Works()
    {
        var target = Path.Combine(_root, "empty");
        Directory.CreateDirectory(target);

        await new ManifestWriter().WriteAsync(Chatbot(), target);

        Assert.True(ManifestWriter.IsCompassOutput(target));
    }

    [Fact]
    public async Task Write_WithATrailingSeparator_WritesTheFolderItself()
    {
        var target = Path.Combine(_root, "manifests") + Path.DirectorySeparatorChar;

        var result = await new ManifestWriter().WriteAsync(Chatbot(), target);

        Assert.Equal(Path.Combine(_root, "manifests"), result.Directory);
        Assert.True(ManifestWriter.IsCompassOutput(Path.Combine(_root, "manifests")));
        Assert.Equal(["manifests"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Write_RefusesTheRoot_TheHomeFolder_TheCurrentFolderAndItsParents()
    {
        var set = Chatbot();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var current = Directory.GetCurrentDirectory();
        foreach (var (target, expected) in new[]
        {
            ("/", "root of the file system"),
            (home, "home folder"),
            (home + "/", "home folder"),
            (".", "current folder"),
            ("./", "current folder"),
            (current, "current folder"),
            ("..", "parent of the current folder"),
        })
        {
            var before = Snapshot(target);
            var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => new ManifestWriter().WriteAsync(set, target, force: true));
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(target));
        }
    }

    [Fact]
    public async Task Write_RefusesALinkToAForbiddenFolder()
    {
        var link = Path.Combine(_root, "link-to-home");
        Directory.CreateSymbolicLink(link, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

        var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => new ManifestWriter().WriteAsync(Chatbot(), link, force: true));

        Assert.Contains("home folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RefusesAFileOfTheSameNameCompassDidNotRecord()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "out");
        await new ManifestWriter().WriteAsync(set with { Documents = [set.Documents[0]] }, target);
        var other = set.Documents[1].FileName;
        await File.WriteAllTextAsync(Path.Combine(target, other), "user: file");

        var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => new ManifestWriter().WriteAsync(set, target, force: true));

        Assert.Contains(other, ex.Message, StringComparison.Ordinal);
        Assert.Equal("user: file", await File.ReadAllTextAsync(Path.Combine(target, other)));
    }

    [Fact]
    public async Task Write_InvalidSet_WritesNothing()
    {
        var set = Chatbot();
        var broken = set with { Documents = [set.Documents[0] with { Yaml = set.Documents[0].Yaml.Replace("minReplicas: 1", "minReplicas: one", StringComparison.Ordinal) }] };
        var target = Path.Combine(_root, "out");

        var ex = await Assert.ThrowsAsync<ManifestValidationException>(() => new ManifestWriter().WriteAsync(broken, target));

        Assert.Contains("$.spec.predictor.minReplicas", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Write_ALegacyCompassFolder_ReplacesItsManifests_AndKeepsOtherFiles()
    {
        var set = Chatbot();
        var target = Path.Combine(_root, "old");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, ManifestWriter.MarkerFile), "Written by Compass for x (rank 1). Safe to replace with 'compass generate'.\n");
        await File.WriteAllTextAsync(Path.Combine(target, set.Documents[0].FileName), "old: manifest");
        await File.WriteAllTextAsync(Path.Combine(target, "README.txt"), "mine");

        await new ManifestWriter().WriteAsync(set, target);

        Assert.Equal(set.Documents[0].Yaml, await File.ReadAllTextAsync(Path.Combine(target, set.Documents[0].FileName)));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "README.txt")));
        Assert.False(WrittenFiles.Read(target)!.Legacy);
    }

    // A folder's top-level entries, with each file's size and write time (not recursive: it may be the root or home;
    // folders' own times change whenever other tests create temporary files).
    private static string Snapshot(string path)
    {
        var full = Path.GetFullPath(path);
        return string.Join("\n", Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal)
            .Select(e => File.Exists(e) ? $"{e} {new FileInfo(e).Length} {File.GetLastWriteTimeUtc(e).Ticks}" : e));
    }
}
