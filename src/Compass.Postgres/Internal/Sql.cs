using Npgsql;

namespace Compass.Postgres.Internal;

/// <summary>Small helpers shared by the stores: commands with parameters (null as SQL null) and nullable reads.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Opens a connection to a database whose schema is this package's version.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(CompassDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static double? Double(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static int? Int(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? Uuid(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static bool? Bool(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetBoolean(ordinal);

    public static DateTimeOffset Time(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Translates a write that broke a constraint into an error that says what to fix.</summary>
    public static CompassDatabaseException Rejected(PostgresException ex, string what) => ex.SqlState switch
    {
        PostgresErrorCodes.ForeignKeyViolation when ex.ConstraintName?.Contains("plan_id", StringComparison.Ordinal) == true
            => new CompassDatabaseException($"{what}: the plan it refers to is not saved in the knowledge base. Save the plan first, or leave the plan id out.", ex)
            {
                Remedy = new KnowledgeRemedy(KnowledgeAction.SavePlan),
            },
        PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.InvalidParameterValue
            => new CompassDatabaseException($"{what}: a JSON value is not valid JSON ({ex.MessageText}).", ex),
        PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation
            => new CompassDatabaseException($"{what}: a value is out of range ({ex.MessageText}).", ex),
        _ => new CompassDatabaseException($"{what}: {ex.MessageText}", ex),
    };
}
