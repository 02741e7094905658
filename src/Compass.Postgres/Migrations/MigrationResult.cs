using System.Collections.Immutable;

namespace Compass.Postgres.Migrations;

/// <summary>What a migration run did.</summary>
/// <param name="FromVersion">The schema version before (0 for an empty database).</param>
/// <param name="ToVersion">The schema version after.</param>
/// <param name="Applied">The migrations applied, oldest first (empty when the schema was current).</param>
public sealed record MigrationResult(int FromVersion, int ToVersion, ImmutableArray<string> Applied);
