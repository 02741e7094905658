using Compass.Kserve.Manifests;
using Compass.Kserve.Vm;

namespace Compass.Kserve.Tests.Vm;

/// <summary>
/// The VM bundles of three plans on each provider that carries their GPU, compared with the files under Vm/Golden (the
/// files the VM target adds, with the nginx proxy's where a VM runs several replicas; the rules, dashboard and runbook are the KServe generator's, checked by its own tests).
/// Set <c>COMPASS_UPDATE_GOLDEN=1</c> to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class VmGoldenFileTests
{
    private static readonly string[] Compared = [StackFiles.Terraform, StackFiles.Compose, StackFiles.Prometheus, StackFiles.Alertmanager, StackFiles.Bootstrap, StackFiles.Readme];

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Bundle_MatchesGolden(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var folder = Path.Combine(TestPlans.SourceDirectory, "Vm", "Golden", $"{plan}-{provider}");
        var proxy = Path.Combine(folder, StackFiles.Proxy);
        if (bundle.ReplicasPerVm == 1)
        {
            // No proxy where a VM runs one replica: no stale golden one either.
            Assert.DoesNotContain(bundle.Files, f => f.Name == StackFiles.Proxy);
            Assert.False(File.Exists(proxy), $"{proxy} is left from a bundle that packed replicas; this one does not.");
        }

        foreach (var name in bundle.ReplicasPerVm > 1 ? [.. Compared, StackFiles.Proxy] : Compared)
        {
            var path = Path.Combine(folder, name);
            if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_GOLDEN") == "1")
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(path, bundle[name]);
            }

            Assert.True(File.Exists(path), $"No golden file {path}; run with COMPASS_UPDATE_GOLDEN=1 to create it.");
            Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), bundle[name]);
        }
    }
}

/// <summary>The bundle goes through the manifests' ownership-safe writer: it records what it wrote and never touches other files.</summary>
public sealed class VmBundleWriterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-vm-write-").FullName;

    [Fact]
    public async Task WriteBundle_WritesEveryFileAndTheRecord()
    {
        var bundle = VmTestData.Generate(TestPlans.Chatbot, "aws");
        var target = Path.Combine(_root, "vm");
        var result = await ManifestWriter.WriteBundleAsync(bundle, target);

        Assert.Equal(bundle.Files.Select(f => Path.Combine(target, f.Name)), result.Written);
        foreach (var file in bundle.Files)
        {
            Assert.Equal(file.Content, await File.ReadAllTextAsync(Path.Combine(target, file.Name)));
        }

        Assert.True(ManifestWriter.IsCompassOutput(target));
    }

    [Fact]
    public async Task WriteBundle_RefusesAFolderWithOtherFiles_AndEditedFilesWithoutForce()
    {
        var bundle = VmTestData.Generate(TestPlans.Chatbot, "aws");
        var foreign = Path.Combine(_root, "theirs");
        Directory.CreateDirectory(foreign);
        await File.WriteAllTextAsync(Path.Combine(foreign, "main.tf"), "# mine");
        await Assert.ThrowsAsync<ManifestOutputException>(() => ManifestWriter.WriteBundleAsync(bundle, foreign));
        Assert.Equal("# mine", await File.ReadAllTextAsync(Path.Combine(foreign, "main.tf")));

        var target = Path.Combine(_root, "vm");
        await ManifestWriter.WriteBundleAsync(bundle, target);
        await File.WriteAllTextAsync(Path.Combine(target, StackFiles.Terraform), "# edited");
        await File.WriteAllTextAsync(Path.Combine(target, "terraform.tfvars"), "project = \"p\"");
        var ex = await Assert.ThrowsAsync<ManifestOutputException>(() => ManifestWriter.WriteBundleAsync(bundle, target));
        Assert.True(ex.ForceReplaces);
        Assert.Equal("# edited", await File.ReadAllTextAsync(Path.Combine(target, StackFiles.Terraform)));

        // A file Compass did not write is never a reason to refuse, and never touched, even with force.
        await ManifestWriter.WriteBundleAsync(bundle, target, force: true);
        Assert.Equal(bundle[StackFiles.Terraform], await File.ReadAllTextAsync(Path.Combine(target, StackFiles.Terraform)));
        Assert.Equal("project = \"p\"", await File.ReadAllTextAsync(Path.Combine(target, "terraform.tfvars")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
