namespace Compass.Postgres.Feedback;

/// <summary>What was done to a deployment.</summary>
public enum AuditAction
{
    /// <summary>Deployed (created or updated).</summary>
    Deploy,

    /// <summary>Deleted.</summary>
    Delete,

    /// <summary>Rolled back to an earlier revision.</summary>
    Rollback,
}
