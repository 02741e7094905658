namespace Compass.Cli.Tests;

/// <summary>'plan --out' and 'generate --out' never delete or overwrite what Compass did not write, and check the folder before any work.</summary>
public sealed class OutputSafetyTests : IDisposable
{
    private const string Description = "customer service chatbot for 5000 users, low latency";
    private readonly string _root = Directory.CreateTempSubdirectory("compass-out-safety-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(".", "is the current folder")]
    [InlineData("./", "is the current folder")]
    [InlineData("..", "is a parent of the current folder")]
    [InlineData("/", "is the root of the file system")]
    [InlineData("~", "is your home folder")]
    public async Task Plan_WithAForbiddenOut_FailsBeforePrintingAnything_AndTouchesNothing(string target, string expected)
    {
        var path = target == "~" ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : target;
        var before = Listing(path);

        var run = await CliRun.RunAsync("plan", Description, "--out", path, "--force");

        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(before, Listing(path));
    }

    [Fact]
    public async Task Plan_IntoAForeignFolder_FailsBeforePrinting_AndLeavesItAsItWas()
    {
        var folder = Path.Combine(_root, "work");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");

        var run = await CliRun.RunAsync("plan", Description, "--out", folder, "--force");

        Assert.Contains("notes.txt", run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Plan_WithATrailingSlash_WritesTheFolder()
    {
        var folder = Path.Combine(_root, "manifests") + "/";

        var run = await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_root, "manifests", "kustomization.yaml")));
        Assert.Equal(["manifests"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Plan_AgainIntoItsOwnFolder_KeepsWhatTheUserAdded()
    {
        var folder = Path.Combine(_root, "manifests");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1")).ExitCode);
        await File.WriteAllTextAsync(Path.Combine(folder, "hf-secret.yaml"), "apiVersion: v1\nkind: Secret\n");

        var again = await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1", "--namespace", "llm");

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Equal("apiVersion: v1\nkind: Secret\n", await File.ReadAllTextAsync(Path.Combine(folder, "hf-secret.yaml")));
        Assert.Contains("namespace: llm", await File.ReadAllTextAsync(Path.Combine(folder, "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_IntoItsOwnFolder_WithAnEditedManifest_NeedsForce()
    {
        var folder = Path.Combine(_root, "manifests");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1")).ExitCode);
        var isvc = Path.Combine(folder, "01-inferenceservice.yaml");
        await File.AppendAllTextAsync(isvc, "# my change\n");

        var refused = await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1");
        var line = refused.AssertOneLineError();
        Assert.Contains("01-inferenceservice.yaml", line, StringComparison.Ordinal);
        Assert.Contains("--force", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.Stdout);
        Assert.EndsWith("# my change\n", await File.ReadAllTextAsync(isvc), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("plan", Description, "--out", folder, "--top", "1", "--force")).ExitCode);
        Assert.DoesNotContain("# my change", await File.ReadAllTextAsync(isvc), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loadtest_Out_NeverOverwritesAnExistingFile()
    {
        var report = Path.Combine(_root, "report.json");
        await File.WriteAllTextAsync(report, "precious");

        var run = await CliRun.RunAsync("loadtest", "--url", "http://127.0.0.1:9", "--model", "m", "--profile", "synchronous", "--requests", "1", "--out", report);

        Assert.Contains("already exists", run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(report));
    }

    private static string Listing(string path)
    {
        var full = Path.GetFullPath(path);
        return string.Join("\n", Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal)
            .Select(e => File.Exists(e) ? $"{e} {new FileInfo(e).Length} {File.GetLastWriteTimeUtc(e).Ticks}" : e));
    }
}
