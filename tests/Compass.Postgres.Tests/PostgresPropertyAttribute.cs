using FsCheck.Xunit;

namespace Compass.Postgres.Tests;

/// <summary>An FsCheck property that needs PostgreSQL: skipped where none is available, except on CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresPropertyAttribute : PropertyAttribute
{
    public PostgresPropertyAttribute()
    {
        if (PostgresServer.Unavailable is { } why && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = why;
        }
    }
}
