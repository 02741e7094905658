using Compass.Postgres.Internal;
using Npgsql;

namespace Compass.Postgres.Feedback;

/// <summary>Plans saved in the knowledge base, so that deployments and their outcomes can refer to what was planned. Thread-safe.</summary>
public sealed class PlanStore
{
    private readonly CompassDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="time">The clock (the plan's creation time and version-7 id); the system clock when null.</param>
    public PlanStore(CompassDatabase database, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Saves a plan.</summary>
    /// <param name="name">A short name for people.</param>
    /// <param name="description">What it is for.</param>
    /// <param name="planJson">The plan as JSON (normally <c>compass plan --json</c>'s output).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new plan's id.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or the JSON is invalid.</exception>
    public async Task<Guid> SaveAsync(string name, string description, string planJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(planJson);
        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        try
        {
            await Sql.ExecuteAsync(connection, null, "insert into plans (id, name, description, plan, created_at) values (@id, @name, @description, @plan::jsonb, @at)", cancellationToken,
                ("id", id), ("name", name), ("description", description), ("plan", planJson), ("at", now)).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw Sql.Rejected(ex, $"The plan '{name}' was not saved");
        }

        return id;
    }

    /// <summary>Reads a saved plan.</summary>
    /// <param name="id">The plan's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The plan, or null when none has the id.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public async Task<SavedPlan?> GetAsync(Guid id, CancellationToken cancellationToken = default)
        => await QueryAsync("where id = @id", id, cancellationToken).ConfigureAwait(false) is [var plan, ..] ? plan : null;

    /// <summary>Lists the saved plans, newest first.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The plans.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public Task<IReadOnlyList<SavedPlan>> ListAsync(CancellationToken cancellationToken = default) => QueryAsync(string.Empty, null, cancellationToken);

    private async Task<IReadOnlyList<SavedPlan>> QueryAsync(string where, Guid? id, CancellationToken cancellationToken)
    {
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"select id, name, description, plan::text, created_at from plans {where} order by created_at desc, id desc", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var plans = new List<SavedPlan>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            plans.Add(new SavedPlan(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Sql.Time(reader, 4)));
        }

        return plans;
    }
}
