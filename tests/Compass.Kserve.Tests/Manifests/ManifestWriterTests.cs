using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;

namespace Compass.Kserve.Tests.Manifests;

public sealed class ManifestWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-writer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Write_OneFilePerObject_PlusKustomization_AndNoStagingLeft()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));
        var target = Path.Combine(_root, "out");

        var written = await new ManifestWriter().WriteAsync(set, target);

        Assert.Equal(set.Documents.Length + 1, written.Count);
        Assert.All(written, f => Assert.True(File.Exists(f)));
        var kustomization = await File.ReadAllTextAsync(Path.Combine(target, "kustomization.yaml"));
        Assert.Contains("01-inferenceservice.yaml", kustomization, StringComparison.Ordinal);
        Assert.True(ManifestWriter.IsCompassOutput(target));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Write_ReplacesEarlierCompassOutput()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));
        var target = Path.Combine(_root, "out");
        await new ManifestWriter().WriteAsync(set, target);
        await File.WriteAllTextAsync(Path.Combine(target, "stale.yaml"), "x: 1");

        await new ManifestWriter().WriteAsync(set, target);

        Assert.False(File.Exists(Path.Combine(target, "stale.yaml")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task Write_RefusesAFolderCompassDidNotWrite_UnlessForced()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));
        var target = Path.Combine(_root, "mine");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "notes.txt"), "keep me");

        var ex = await Assert.ThrowsAsync<IOException>(() => new ManifestWriter().WriteAsync(set, target));
        Assert.Contains("--force", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "notes.txt")));

        await new ManifestWriter().WriteAsync(set, target, force: true);
        Assert.True(ManifestWriter.IsCompassOutput(target));
    }

    [Fact]
    public async Task Write_InvalidSet_WritesNothing()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));
        var broken = set with { Documents = [set.Documents[0] with { Yaml = set.Documents[0].Yaml.Replace("minReplicas: 1", "minReplicas: one", StringComparison.Ordinal) }] };
        var target = Path.Combine(_root, "out");

        var ex = await Assert.ThrowsAsync<ManifestValidationException>(() => new ManifestWriter().WriteAsync(broken, target));

        Assert.Contains("$.spec.predictor.minReplicas", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }
}
