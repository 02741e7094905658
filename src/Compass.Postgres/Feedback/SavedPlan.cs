namespace Compass.Postgres.Feedback;

/// <summary>A plan saved in the knowledge base.</summary>
/// <param name="Id">The plan's id (deployments and outcomes refer to it).</param>
/// <param name="Name">A short name for people.</param>
/// <param name="Description">What it is for.</param>
/// <param name="PlanJson">The plan as JSON (as PostgreSQL's jsonb writes it back: same content, normalized spacing and key order).</param>
/// <param name="CreatedAt">When it was saved.</param>
public sealed record SavedPlan(Guid Id, string Name, string Description, string PlanJson, DateTimeOffset CreatedAt);
