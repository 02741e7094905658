namespace Compass.Postgres.Feedback;

/// <summary>An audit-log entry as stored.</summary>
/// <param name="Id">The row id (increasing in the order entries were written).</param>
/// <param name="At">When it was written.</param>
/// <param name="Entry">The entry.</param>
public sealed record AuditRecord(long Id, DateTimeOffset At, AuditEntry Entry);
