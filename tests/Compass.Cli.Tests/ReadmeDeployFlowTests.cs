using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Cli.Tests;

/// <summary>
/// Runs the README's plan → deploy → status → re-plan → deploy → rollback → delete block exactly as written: each
/// line as its own <c>compass</c> process in a fresh working folder, with KUBECONFIG pointing at the in-process API
/// server and "y" typed at every question.
/// </summary>
public sealed partial class ReadmeDeployFlowTests : IAsyncLifetime
{
    private const string Marker = "<!-- readme-deploy-flow:";
    private FakeKubernetes _server = null!;
    private string _work = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetes.StartAsync();
        _server.Controller.PollsToReady = 1;
        _work = Directory.CreateTempSubdirectory("compass-readme-").FullName;
        _kubeconfig = _server.WriteKubeconfig(Directory.CreateTempSubdirectory("compass-readme-kube-").FullName);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_kubeconfig)!, recursive: true);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TheReadmeDeployBlock_RunsAsWritten()
    {
        var lines = ReadmeBlock();
        Assert.True(lines.Count >= 6, $"the README's deploy block has {lines.Count} compass lines");
        var isvcs = FakeStore.Resource("inferenceservices");

        foreach (var line in lines)
        {
            var run = await RunAsync(line);
            Assert.True(run.ExitCode == 0, $"'{line}' exited {run.ExitCode}: {run.Stderr}{run.Stdout}");
            Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);

            var command = Words(line)[1];
            if (command == "deploy")
            {
                Assert.Contains("is Ready", run.Stdout, StringComparison.Ordinal);
                Assert.NotNull(_server.Store.Find(isvcs, "llm", "chat"));
                Assert.DoesNotContain(_server.Store.All(isvcs), o => o.Namespace != "llm");
            }
            else if (command == "status")
            {
                Assert.Contains("chat in namespace llm: Ready", run.Stdout, StringComparison.Ordinal);
            }
            else if (command == "rollback")
            {
                Assert.Contains("Roll back chat from revision 2 to revision 1", run.Stdout, StringComparison.Ordinal);
                Assert.Contains("now revision 3", run.Stdout, StringComparison.Ordinal);
            }
            else if (command == "delete")
            {
                Assert.Contains("Cluster: context fake", run.Stdout, StringComparison.Ordinal);
                Assert.Null(_server.Store.Find(isvcs, "llm", "chat"));
            }
        }

        Assert.Contains(lines, l => Words(l)[1] == "delete");
        // Only what Compass wrote is in the working folder.
        Assert.Equal(["manifests"], Directory.EnumerateFileSystemEntries(_work).Select(Path.GetFileName));
    }

    private static List<string> ReadmeBlock()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no readme-deploy-flow block");
        var open = Array.FindIndex(readme, start, l => l.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return [.. readme[(open + 1)..close].Select(l => CommentPattern().Replace(l, string.Empty).Trim()).Where(l => l.StartsWith("compass ", StringComparison.Ordinal))];
    }

    private async Task<CliRun> RunAsync(string line)
    {
        // The CLI's own build output (the project reference builds it first): all its dependencies sit beside it.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var cli = Path.Combine(RepositoryRoot(), "samples", "Compass.Cli", "bin", framework.Parent!.Name, framework.Name, "compass.dll");
        Assert.True(File.Exists(cli), $"{cli} was not built");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(cli);
        foreach (var word in Words(line).Skip(1))
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["KUBECONFIG"] = _kubeconfig;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("y");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    // Splits a shell line into words: double-quoted strings are one word.
    private static List<string> Words(string line)
        => [.. WordPattern().Matches(line).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compass.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Compass.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"""([^""]*)""|(\S+)")]
    private static partial Regex WordPattern();
}
