using Compass.Postgres;
using Compass.Testing;
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

    /// <summary>Gets why PostgreSQL is unavailable here, or null when tests can use it.</summary>
    public static string? Unavailable
        => Environment.GetEnvironmentVariable("COMPASS_TEST_PG") is { Length: > 0 } || ThrowawayPostgres.Installed
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
        => Environment.GetEnvironmentVariable("COMPASS_TEST_PG") is { Length: > 0 } given
            ? given
            : await ThrowawayPostgres.StartAsync();
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
