using Compass.Core;
using Compass.Postgres.Internal;
using Npgsql;

namespace Compass.Postgres.Feedback;

/// <summary>The deployments Compass made, one row per (context, namespace, name). Thread-safe.</summary>
public sealed class DeploymentStore
{
    private readonly CompassDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="database">The database.</param>
    /// <param name="time">The clock (when a deployment was recorded); the system clock when null.</param>
    public DeploymentStore(CompassDatabase database, TimeProvider? time = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Records a deployment, replacing the record of the same (context, namespace, name) if there is one.</summary>
    /// <param name="deployment">The deployment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ArgumentException">The namespace or name is blank.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or refuses the row (e.g. its plan is not saved).</exception>
    public async Task RecordAsync(DeploymentRecord deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment.Namespace, nameof(deployment));
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment.Name, nameof(deployment));
        ArgumentNullException.ThrowIfNull(deployment.Context, nameof(deployment));
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        try
        {
            await Sql.ExecuteAsync(connection, null, """
                insert into deployments (name, namespace, context, plan_id, model, quantization, gpu, tensor_parallel, replicas, created_at)
                values (@name, @namespace, @context, @plan, @model, @quantization, @gpu, @tp, @replicas, @at)
                on conflict (context, namespace, name) do update set
                    plan_id = excluded.plan_id, model = excluded.model, quantization = excluded.quantization, gpu = excluded.gpu,
                    tensor_parallel = excluded.tensor_parallel, replicas = excluded.replicas, created_at = excluded.created_at
                """, cancellationToken,
                ("name", deployment.Name), ("namespace", deployment.Namespace), ("context", deployment.Context), ("plan", deployment.PlanId),
                ("model", deployment.Model?.Value), ("quantization", deployment.Quantization?.Value), ("gpu", deployment.Gpu?.Value),
                ("tp", deployment.TensorParallel), ("replicas", deployment.Replicas), ("at", _time.GetUtcNow())).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw Sql.Rejected(ex, $"The deployment {deployment.Namespace}/{deployment.Name} was not recorded");
        }
    }

    /// <summary>Removes a deployment's record.</summary>
    /// <param name="context">The Kubernetes context ("" for the default one).</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether there was one.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached or has no Compass schema.</exception>
    public async Task<bool> RemoveAsync(string context, string ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        return await Sql.ExecuteAsync(connection, null, "delete from deployments where context = @context and namespace = @namespace and name = @name", cancellationToken,
            ("context", context), ("namespace", ns), ("name", name)).ConfigureAwait(false) > 0;
    }

    /// <summary>Lists the recorded deployments by context, namespace and name.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The deployments.</returns>
    /// <exception cref="CompassDatabaseException">The database cannot be reached, has no Compass schema, or holds a row that does not parse.</exception>
    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(_database, cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null,
            "select context, namespace, name, plan_id, model, quantization, gpu, tensor_parallel, replicas, created_at from deployments order by context, namespace, name");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var deployments = new List<DeploymentRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                deployments.Add(new DeploymentRecord(r.GetString(0), r.GetString(1), r.GetString(2))
                {
                    PlanId = Sql.Uuid(r, 3),
                    Model = Sql.Text(r, 4) is { } model ? ModelId.Parse(model) : null,
                    Quantization = Sql.Text(r, 5) is { } format ? Core.Quantization.Parse(format) : null,
                    Gpu = Sql.Text(r, 6) is { } gpu ? GpuType.Parse(gpu) : null,
                    TensorParallel = Sql.Int(r, 7),
                    Replicas = Sql.Int(r, 8),
                    RecordedAt = Sql.Time(r, 9),
                });
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                throw new CompassDatabaseException($"The deployments row {r.GetString(1)}/{r.GetString(2)} is invalid: {ex.Message} Fix or delete the row.", ex);
            }
        }

        return deployments;
    }
}
