using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Compass.Postgres;
using Npgsql;

namespace Compass.Postgres.Tests;

/// <summary>
/// The real PostgreSQL the tests run against: the one named by <c>COMPASS_TEST_PG</c> (a connection string to a server
/// where the user may create databases), or else a throwaway cluster this process starts from the Debian packages'
/// binaries (initdb, pg_ctl) on a free loopback port and removes when it exits. Each test gets a database of its own.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<Task<string>> Admin = new(StartAsync);
    private static string? _dataRoot;
    private static string? _pgCtl;

    /// <summary>Gets why PostgreSQL is unavailable here, or null when tests can use it.</summary>
    public static string? Unavailable
        => Environment.GetEnvironmentVariable("COMPASS_TEST_PG") is { Length: > 0 } || FindBinary("initdb") is not null
            ? null
            : "no PostgreSQL: set COMPASS_TEST_PG to a connection string, or install the postgresql package (initdb, pg_ctl)";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await Admin.Value);
        var name = "compass_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        admin.Pooling = false;
        return admin.ConnectionString;
    }

    /// <summary>Creates an empty database and a <see cref="CompassDatabase"/> on it, migrated unless asked otherwise.</summary>
    public static async Task<CompassDatabase> CreateCompassDatabaseAsync(bool migrate = true, string schema = "compass")
    {
        var database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = await CreateDatabaseAsync(), Schema = schema });
        if (migrate)
        {
            await database.MigrateAsync();
        }

        return database;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("COMPASS_TEST_PG") is { Length: > 0 } given)
        {
            return given;
        }

        var initdb = FindBinary("initdb") ?? throw new InvalidOperationException(Unavailable);
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

    // A test host killed before its exit handler ran leaves its cluster folder behind (the server itself stops when
    // its postmaster.pid owner is gone); remove this harness's own folders that no server is using any more.
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

/// <summary>
/// A test that needs PostgreSQL: skipped where none is available, except on CI (<c>CI=true</c>), where a missing
/// database must fail the run rather than pass it silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } why && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = why;
        }
    }
}
