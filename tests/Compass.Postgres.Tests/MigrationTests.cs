using Compass.Postgres.Migrations;
using Npgsql;

namespace Compass.Postgres.Tests;

public sealed class MigrationTests
{
    [PostgresFact]
    public async Task Migrate_FromAnEmptyDatabase_CreatesEveryTable_AndRerunningChangesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync(migrate: false);

        var first = await database.MigrateAsync();
        var second = await database.MigrateAsync();

        Assert.Equal(0, first.FromVersion);
        Assert.Equal(SchemaMigrator.LatestVersion, first.ToVersion);
        Assert.Equal(SchemaMigrator.LatestVersion, first.Applied.Length);
        Assert.Empty(second.Applied);
        Assert.Equal(SchemaMigrator.LatestVersion, second.FromVersion);
        await using var connection = await database.OpenAsync();
        foreach (var table in new[] { "models", "gpus", "prices", "use_cases", "imports", "benchmark_runs", "benchmark_points", "engine_calibrations", "plans", "deployments", "deployment_outcomes", "audit_log" })
        {
            await using var command = new NpgsqlCommand("select to_regclass(@t) is not null", connection);
            command.Parameters.AddWithValue("t", "compass." + table);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, table);
        }

        await database.RequireSchemaAsync(connection);
    }

    [PostgresFact]
    public async Task Migrate_RunConcurrently_AppliesEachMigrationOnce()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync(migrate: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => database.MigrateAsync()));

        Assert.Equal(SchemaMigrator.LatestVersion, results.Sum(r => r.Applied.Length));
        await using var connection = await database.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from schema_migrations", connection);
        Assert.Equal((long)SchemaMigrator.LatestVersion, await count.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Migrate_IntoAnotherSchema_LeavesPublicAlone()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync(schema: "kb_team_a");
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from information_schema.tables where table_schema = 'public'", connection);

        Assert.Equal(0L, await command.ExecuteScalarAsync());
        await database.RequireSchemaAsync(connection);
    }

    [PostgresFact]
    public async Task Migrate_AnAlteredHistory_IsRefusedWithoutChangingAnything()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await using (var connection = await database.OpenAsync())
        {
            await using var tamper = new NpgsqlCommand("update schema_migrations set checksum = 'deadbeefdeadbeefdeadbeef' where version = 1", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => database.MigrateAsync());

        Assert.Contains("different script", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Migrate_ANewerDatabase_IsRefused_AndReadsSayToUpgradeCompass()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await using var connection = await database.OpenAsync();
        await using (var future = new NpgsqlCommand("insert into schema_migrations (version, name, checksum) values (999, 'future', 'x')", connection))
        {
            await future.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => database.MigrateAsync());
        var read = await Assert.ThrowsAsync<CompassDatabaseException>(() => database.RequireSchemaAsync(connection));

        Assert.Contains("newer than this Compass", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade Compass", read.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task RequireSchema_OnAnEmptyDatabase_SaysToRunDbInit()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync(migrate: false);
        await using var connection = await database.OpenAsync();

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => database.RequireSchemaAsync(connection));

        Assert.Contains("has no Compass knowledge base yet. Initialize it first", ex.Message, StringComparison.Ordinal);
        Assert.Equal(KnowledgeAction.Initialize, ex.Remedy?.Action);
    }

    [Fact]
    public async Task Open_AnUnreachableServer_SaysWhereWithoutThePassword()
    {
        await using var database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = "postgres://alice:s3cret-pw@127.0.0.1:1/kb?connect_timeout=2" });

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => database.OpenAsync());

        Assert.Contains("postgres://alice@127.0.0.1:1/kb", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }
}
