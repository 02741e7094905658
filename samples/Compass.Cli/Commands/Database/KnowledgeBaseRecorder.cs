using System.Text.Json;
using Compass.Postgres;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Database;

/// <summary>
/// What the cluster and endpoint commands write to the knowledge base when <c>--kb</c> is given: the audit log of
/// deploy, delete and rollback, the deployments Compass made, and validation outcomes. The database is checked before
/// the command changes anything, so that a change is never made that cannot be recorded.
/// </summary>
internal sealed class KnowledgeBaseRecorder : IAsyncDisposable
{
    private readonly CompassDatabase _database;

    private KnowledgeBaseRecorder(CompassDatabase database)
    {
        _database = database;
        Audit = new AuditLog(database);
        Deployments = new DeploymentStore(database);
        Outcomes = new OutcomeStore(database);
    }

    public AuditLog Audit { get; }

    public DeploymentStore Deployments { get; }

    public OutcomeStore Outcomes { get; }

    public string Description => _database.Description;

    /// <summary>Opens the knowledge base and checks that it can be written; null when none is configured.</summary>
    public static async Task<KnowledgeBaseRecorder?> OpenAsync(KnowledgeBaseOption? knowledgeBase, CancellationToken cancellationToken)
    {
        if (knowledgeBase is null)
        {
            return null;
        }

        var database = DbCommands.Open(knowledgeBase);
        try
        {
            await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return new KnowledgeBaseRecorder(database);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a change and writes its audit entry, whether it succeeds or fails.</summary>
    public static async Task<T> AuditedAsync<T>(
        KnowledgeBaseRecorder? recorder, AuditAction action, string target, string ns, string context,
        Func<Task<T>> change, Func<T, (string Result, object? Detail)> describe, CancellationToken cancellationToken)
    {
        if (recorder is null)
        {
            return await change().ConfigureAwait(false);
        }

        T value;
        try
        {
            value = await change().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var result = ex is OperationCanceledException ? "cancelled" : "failed: " + ex.Message.ReplaceLineEndings(" ");
            // The change's own error is what the user needs; a failing audit write must not hide it.
            await recorder.TryWriteAsync(new AuditEntry(AuditLog.CurrentActor(), action, target, ns, context, result, null)).ConfigureAwait(false);
            throw;
        }

        var (text, detail) = describe(value);
        try
        {
            await recorder.Audit.WriteAsync(
                new AuditEntry(AuditLog.CurrentActor(), action, target, ns, context, text, detail is null ? null : JsonSerializer.Serialize(detail)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (CompassDatabaseException ex)
        {
            throw new CliException($"The {action.ToString().ToLowerInvariant()} of {target} in namespace {ns} succeeded ({text}), but its audit entry could not be written to {recorder.Description}: {ex.Message}", ExitCodes.Failure);
        }

        return value;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async Task TryWriteAsync(AuditEntry entry)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Audit.WriteAsync(entry, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CompassDatabaseException or OperationCanceledException)
        {
            // Reported by the change's own error.
        }
    }
}
