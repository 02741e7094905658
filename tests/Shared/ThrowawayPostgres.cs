using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Compass.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the Debian packages' binaries (initdb, pg_ctl) on a free loopback port,
/// stopped and removed when the process exits. Shared by the PostgreSQL tests and the import benchmark (linked into both).
/// </summary>
internal static class ThrowawayPostgres
{
    private static string? _dataRoot;
    private static string? _pgCtl;

    /// <summary>Gets whether the binaries are installed.</summary>
    public static bool Installed => FindBinary("initdb") is not null;

    /// <summary>Starts a cluster and returns the superuser's connection string (no pooling).</summary>
    public static async Task<string> StartAsync()
    {
        var initdb = FindBinary("initdb") ?? throw new InvalidOperationException("no PostgreSQL binaries: install the postgresql package (initdb, pg_ctl)");
        _pgCtl = FindBinary("pg_ctl")!;
        RemoveStaleClusters();
        var root = Directory.CreateTempSubdirectory("compass-pg-").FullName;
        _dataRoot = root;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", $"postgres:postgres \"{root}\"");
        }

        await RunAsync(initdb, $"-D \"{root}/data\" -U postgres -A trust -E UTF8 --no-locale", asRoot);
        var port = FreePort();
        await RunAsync(_pgCtl, $"-D \"{root}/data\" -l \"{root}/server.log\" -w -t 60 -o \"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot);
        return string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
    }

    private static void Stop(bool asRoot)
    {
        if (_dataRoot is null || _pgCtl is null)
        {
            return;
        }

        try
        {
            RunAsync(_pgCtl, $"-D \"{_dataRoot}/data\" -m immediate -w stop", asRoot).GetAwaiter().GetResult();
            Directory.Delete(_dataRoot, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at exit; the folder is under the temp directory.
        }
    }

    // A host killed before its exit handler ran leaves its cluster folder behind (the server itself stops when its
    // postmaster.pid owner is gone); remove this harness's own folders that no server is using any more.
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "compass-pg-*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or in use: leave it.
            }
        }
    }

    private static string? FindBinary(string name)
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            foreach (var version in Directory.GetDirectories(root).OrderByDescending(d => d, StringComparer.Ordinal))
            {
                var path = Path.Combine(version, "bin", name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres = false)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- \"{file}\" {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
