namespace Compass.Postgres.Feedback;

/// <summary>One deploy, delete or rollback: who did what to which deployment, and how it ended.</summary>
/// <param name="Actor">Who (see <see cref="AuditLog.CurrentActor"/>).</param>
/// <param name="Action">What.</param>
/// <param name="Target">The deployment's name.</param>
/// <param name="Namespace">Its Kubernetes namespace.</param>
/// <param name="Context">The Kubernetes context ("" for the default one).</param>
/// <param name="Result">How it ended, e.g. <c>ok</c>, <c>failed: …</c>, <c>dry-run</c>.</param>
/// <param name="DetailJson">Details as JSON (e.g. the plan id, the revision, the error), or null.</param>
public sealed record AuditEntry(string Actor, AuditAction Action, string Target, string Namespace, string Context, string Result, string? DetailJson);
