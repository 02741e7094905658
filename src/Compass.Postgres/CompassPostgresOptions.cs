using System.Text.RegularExpressions;

namespace Compass.Postgres;

/// <summary>Where the Compass knowledge base lives in PostgreSQL.</summary>
public sealed partial class CompassPostgresOptions
{
    /// <summary>Gets or sets the connection string (a <c>postgres://</c> URI or Npgsql keywords).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the schema that holds Compass's tables (default <c>compass</c>); created by the migrations.</summary>
    public string Schema { get; set; } = "compass";

    /// <summary>Gets or sets how many days after its effective date a price counts as stale in the health report (default 180).</summary>
    public int StalePriceDays { get; set; } = 180;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        PostgresConnectionString.Parse(ConnectionString);
        if (!SchemaName().IsMatch(Schema ?? string.Empty))
        {
            throw new ArgumentException($"Schema must be a lower-case SQL identifier (letters, digits, '_', starting with a letter; got '{Schema}').");
        }

        if (StalePriceDays < 1)
        {
            throw new ArgumentException($"StalePriceDays must be at least 1 (got {StalePriceDays}).");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
