using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Compass.Postgres.Migrations;

/// <summary>
/// Versioned migrations: SQL files embedded in this package (<c>NNNN_name.sql</c>), applied in order, all pending ones
/// in one transaction under an advisory lock (so concurrent runs wait for each other and the second finds nothing to
/// do), each recorded in <c>schema_migrations</c> with a checksum that later runs verify.
/// </summary>
internal static class SchemaMigrator
{
    private static readonly Lazy<ImmutableArray<(int Version, string Name, string Sql, string Checksum)>> Scripts = new(Load);

    public static int LatestVersion => Scripts.Value[^1].Version;

    public static async Task<MigrationResult> MigrateAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"select pg_advisory_xact_lock(hashtext('compass.migrations.' || @schema))", cancellationToken, ("schema", schema)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"create schema if not exists {quoted}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"set local search_path to {quoted}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "create table if not exists schema_migrations (version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())",
            cancellationToken).ConfigureAwait(false);

        var applied = new Dictionary<int, (string Name, string Checksum)>();
        await using (var read = new NpgsqlCommand("select version, name, checksum from schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        var from = applied.Count == 0 ? 0 : applied.Keys.Max();
        if (from > LatestVersion)
        {
            throw new CompassDatabaseException($"The Compass knowledge base is at schema version {from}, newer than this Compass knows ({LatestVersion}); nothing was changed. Upgrade Compass.");
        }

        var done = ImmutableArray.CreateBuilder<string>();
        foreach (var script in Scripts.Value)
        {
            if (applied.TryGetValue(script.Version, out var existing))
            {
                if (existing.Checksum != script.Checksum)
                {
                    throw new CompassDatabaseException($"Migration {script.Version} ({script.Name}) was applied from a different script than the one in this Compass (checksum {existing.Checksum[..12]}… vs {script.Checksum[..12]}…); nothing was changed. Was the schema edited by hand, or is this Compass a modified build?");
                }

                continue;
            }

            try
            {
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                throw new CompassDatabaseException($"Migration {script.Version} ({script.Name}) failed: {ex.MessageText}; nothing was changed (the migrations run in one transaction).", ex);
            }

            await ExecuteAsync(connection, transaction, "insert into schema_migrations (version, name, checksum) values (@version, @name, @checksum)", cancellationToken,
                ("version", script.Version), ("name", script.Name), ("checksum", script.Checksum)).ConfigureAwait(false);
            done.Add($"{script.Version:0000}_{script.Name}");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new MigrationResult(from, LatestVersion, done.ToImmutable());
    }

    /// <summary>The schema's version, or null when it has no Compass tables.</summary>
    public static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("select to_regclass(@table) is not null", connection);
        exists.Parameters.AddWithValue("table", Quote(schema) + ".schema_migrations");
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return null;
        }

        await using var max = new NpgsqlCommand($"select max(version) from {Quote(schema)}.schema_migrations", connection);
        return await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
    }

    // Schema names are validated as plain lower-case identifiers (CompassPostgresOptions), so quoting is enough.
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ImmutableArray<(int, string, string, string)> Load()
    {
        const string prefix = "Compass.Postgres.Migrations.";
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<(int, string, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
            scripts.Add((version, file[(underscore + 1)..], sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"Compass.Postgres's migrations must be numbered 1, 2, 3… without gaps (found {scripts[i].Item1} at position {i + 1}); the package is damaged.");
            }
        }

        return [.. scripts];
    }
}
