using System.Diagnostics;

namespace Compass.Simulator.Tests;

/// <summary>Runs the built simulator server (samples/Compass.Simulator.Server) as a process in an empty working folder.</summary>
internal static class ServerProcess
{
    /// <summary>Gets the path of the server's dll, built next to this test assembly's configuration.</summary>
    public static string DllPath { get; } = FindDll();

    /// <summary>Runs the server with the arguments until it exits (or the deadline passes) and returns what it did.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="environment">Variables to set (the caller's COMPASS_SIM_* and VLLM_API_KEY are removed).</param>
    /// <param name="deadline">How long it may run.</param>
    /// <param name="files">Files to put in its working folder first (name, content); they do not count as written.</param>
    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? deadline = null, IReadOnlyDictionary<string, string>? files = null)
    {
        var folder = Directory.CreateTempSubdirectory("compass-sim-test-");
        try
        {
            foreach (var (name, content) in files ?? new Dictionary<string, string>())
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, name), content);
            }

            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(DllPath);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("COMPASS_SIM_", StringComparison.Ordinal) || k == "VLLM_API_KEY").ToList())
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The server did not exit: {string.Join(' ', args)}");
            }

            var written = folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Where(f => files is null || !files.ContainsKey(Path.GetRelativePath(folder.FullName, f.FullName)))
                .Select(f => f.FullName).ToList();
            return new ProcessResult(process.ExitCode, await stdout, await stderr, written);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string FindDll()
    {
        // .../tests/Compass.Simulator.Tests/bin/<Configuration>/<tfm>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Compass.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? ".", "samples", "Compass.Simulator.Server", "bin", configuration, tfm, "compass-simulator.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build samples/Compass.Simulator.Server first; {path} is missing.");
    }
}

/// <summary>What a server process did.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="FilesWritten">Files it left in its working folder.</param>
internal sealed record ProcessResult(int ExitCode, string Output, string Error, IReadOnlyList<string> FilesWritten);
