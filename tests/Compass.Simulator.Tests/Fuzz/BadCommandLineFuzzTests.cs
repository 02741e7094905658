using Xunit.Abstractions;

namespace Compass.Simulator.Tests.Fuzz;

/// <summary>
/// Feeds the simulator's start-up path (the one the process runs) generated bad command lines and variables: each must
/// fail with one line on stderr naming what to fix and a documented exit code, no stack trace, nothing written. A
/// sample also runs as the real process.
/// </summary>
public sealed class BadCommandLineFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261212;

    [Fact]
    public async Task GeneratedBadCommandLines_OneLine_DocumentedExitCode_NothingWritten()
    {
        var cases = BadCommandLines.Generate(Seed);
        Assert.True(cases.Count >= 120, $"only {cases.Count} cases");
        output.WriteLine($"{cases.Count} bad command lines from seed {Seed}");

        var before = Snapshot(Directory.GetCurrentDirectory());
        var failures = new List<string>();
        foreach (var bad in cases)
        {
            var (code, stdout, stderr) = await RunInProcessAsync(bad);
            var problem = Check(bad, code, stderr + stdout, stderr);
            if (problem is not null)
            {
                failures.Add($"{bad.Name}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} failed (seed {Seed}):\n" + string.Join('\n', failures));
        Assert.Equal(before, Snapshot(Directory.GetCurrentDirectory()));
    }

    [Fact]
    public async Task ASampleOfThem_AsTheRealProcess_GivesTheSameLineAndCode()
    {
        var cases = BadCommandLines.Generate(Seed);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i += 15)
        {
            var bad = cases[i];
            var result = await ServerProcess.RunAsync(bad.Args, bad.Environment);
            var (code, _, stderr) = await RunInProcessAsync(bad);
            var problem = Check(bad, result.ExitCode, result.Error + result.Output, result.Error)
                ?? (result.FilesWritten.Count > 0 ? $"wrote {string.Join(", ", result.FilesWritten)}" : null)
                ?? (result.ExitCode != code || result.Error.Trim() != stderr.Trim() ? $"process said {result.ExitCode} {result.Error}, in-process {code} {stderr}" : null);
            if (problem is not null)
            {
                failures.Add($"{bad.Name}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Generation_IsDeterministic()
        => Assert.Equal(
            BadCommandLines.Generate(Seed).Select(c => string.Join('\u0001', c.Args) + string.Join('\u0001', c.Environment)),
            BadCommandLines.Generate(Seed).Select(c => string.Join('\u0001', c.Args) + string.Join('\u0001', c.Environment)));

    private static async Task<(int Code, string Output, string Error)> RunInProcessAsync(BadCommandLine bad)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // A case that is not bad after all would start a server: stop it, and the exit code 0 fails the check.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var environment = bad.Environment.ToDictionary(e => e.Key, e => (string?)e.Value);
        var code = await SimulatorServer.RunAsync(bad.Args, environment, stdout, stderr, deadline.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string? Check(BadCommandLine bad, int code, string everything, string stderr)
    {
        if (code != bad.ExitCode)
        {
            return $"exit code {code}, expected {bad.ExitCode}: {stderr}";
        }

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal))
        {
            return $"not one error line: {stderr}";
        }

        if (everything.Contains("   at ", StringComparison.Ordinal) || everything.Contains("Exception", StringComparison.Ordinal))
        {
            return $"stack trace or exception: {everything}";
        }

        return lines[0].Contains(bad.Mentions, StringComparison.Ordinal) ? null : $"does not mention {bad.Mentions}: {lines[0]}";
    }

    private static string Snapshot(string folder)
        => string.Join('\n', new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Select(f => $"{f.FullName} {f.Length} {f.LastWriteTimeUtc.Ticks}").Order(StringComparer.Ordinal));
}
