using System.Text.Json;
using Compass.Postgres;
using Compass.Postgres.Feedback;

namespace Compass.Api.Deployments;

/// <summary>Writes deploy, delete and rollback to the knowledge base's audit log when PostgreSQL is configured; otherwise runs the change alone.</summary>
internal sealed partial class Auditor(IServiceProvider services, ILogger<Auditor> logger)
{
    private readonly AuditLog? _log = services.GetService<AuditLog>();

    public async Task<T> RunAsync<T>(
        HttpContext context, AuditAction action, string target, string ns, string cluster, Func<Task<T>> change, Func<T, (string Result, object? Detail)> describe)
    {
        if (_log is null)
        {
            return await change().ConfigureAwait(false);
        }

        var actor = $"api:{context.Connection.RemoteIpAddress?.ToString() ?? "local"}";
        T value;
        try
        {
            value = await change().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var result = ex is OperationCanceledException ? "cancelled" : "failed: " + ex.Message.ReplaceLineEndings(" ");
            await TryWriteAsync(new AuditEntry(actor, action, target, ns, cluster, result, null)).ConfigureAwait(false);
            throw;
        }

        var (text, detail) = describe(value);
        await TryWriteAsync(new AuditEntry(actor, action, target, ns, cluster, text, detail is null ? null : JsonSerializer.Serialize(detail))).ConfigureAwait(false);
        return value;
    }

    private async Task TryWriteAsync(AuditEntry entry)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _log!.WriteAsync(entry, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CompassDatabaseException or OperationCanceledException)
        {
            LogAuditFailed(logger, ex, entry.Action.ToString(), entry.Target);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit entry for {Action} of {Target} could not be written")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string action, string target);
}
