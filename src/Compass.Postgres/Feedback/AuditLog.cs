using Compass.Postgres.Internal;
using Npgsql;

namespace Compass.Postgres.Feedback;

/// <summary>The audit log of every deploy, delete and rollback: who, what, when and the result. Append-only. Thread-safe.</summary>
public sealed class AuditLog
{
    private readonly CompassDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="time">The clock (when an entry is written); the system clock when null.</param>
    public AuditLog(CompassDatabase database, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets who is running this process, as <c>user@host</c> (the operating system's user and machine names; never a credential).</summary>
    /// <returns>The actor.</returns>
    public static string CurrentActor() => $"{Environment.UserName}@{Environment.MachineName}";

    /// <summary>Appends an entry.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new entry's id.</returns>
    /// <exception cref="ArgumentException">The actor, target or result is blank.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or the detail is not valid JSON.</exception>
    public async Task<long> WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor, nameof(entry));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Target, nameof(entry));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Result, nameof(entry));
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        try
        {
            return await Sql.ScalarAsync<long>(connection, null, """
                insert into audit_log (at, actor, action, target, namespace, context, result, detail)
                values (@at, @actor, @action, @target, @namespace, @context, @result, @detail::jsonb) returning id
                """, cancellationToken,
                ("at", _time.GetUtcNow()), ("actor", entry.Actor), ("action", Name(entry.Action)), ("target", entry.Target),
                ("namespace", entry.Namespace ?? string.Empty), ("context", entry.Context ?? string.Empty), ("result", entry.Result), ("detail", entry.DetailJson)).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw Sql.Rejected(ex, $"The audit entry for {Name(entry.Action)} {entry.Target} was not written");
        }
    }

    /// <summary>Lists the newest entries, newest first.</summary>
    /// <param name="limit">How many at most (1–10 000).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is out of range.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public async Task<IReadOnlyList<AuditRecord>> ListAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null,
            "select id, at, actor, action, target, namespace, context, result, detail::text from audit_log order by id desc limit @limit", ("limit", limit));
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var action = r.GetString(3) switch
            {
                "deploy" => AuditAction.Deploy,
                "delete" => AuditAction.Delete,
                _ => AuditAction.Rollback,
            };
            entries.Add(new AuditRecord(r.GetInt64(0), Sql.Time(r, 1), new AuditEntry(r.GetString(2), action, r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), Sql.Text(r, 8))));
        }

        return entries;
    }

    private static string Name(AuditAction action) => action switch
    {
        AuditAction.Deploy => "deploy",
        AuditAction.Delete => "delete",
        AuditAction.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown audit action."),
    };
}
