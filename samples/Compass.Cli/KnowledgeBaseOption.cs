using System.CommandLine;
using Compass.Postgres;

namespace Compass.Cli;

/// <summary>
/// The global <c>--kb</c> option: the PostgreSQL knowledge base every command reads instead of the embedded one, given
/// as <c>--kb postgres://user@host/db</c> (or <c>--kb=…</c>) anywhere on the line, or in <c>COMPASS_KB</c>.
/// </summary>
/// <param name="ConnectionString">The connection string as given.</param>
/// <param name="Origin">Where it came from, for messages: <c>--kb</c> or <c>COMPASS_KB</c>.</param>
internal sealed record KnowledgeBaseOption(string ConnectionString, string Origin)
{
    /// <summary>Creates the option, valid on every command.</summary>
    public static Option<string?> Create() => new("--kb")
    {
        Description = "read the knowledge base from PostgreSQL (postgres://user@host/db), else $COMPASS_KB, else the embedded one",
        HelpName = "URL",
        Recursive = true,
        CustomParser = r =>
        {
            var value = r.Tokens.Count == 1 ? r.Tokens[0].Value : null;
            if (value is null || string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal))
            {
                r.AddError(NeedsValue);
                return null;
            }

            return value;
        },
    };

    /// <summary>The error for <c>--kb</c> without a database.</summary>
    public const string NeedsValue = "--kb needs the database, e.g. --kb postgres://compass@localhost/compass (or set COMPASS_KB).";

    /// <summary>The knowledge base named by <c>--kb</c>, else by <c>COMPASS_KB</c>, else none (the embedded one).</summary>
    /// <param name="given">The value of <c>--kb</c>, or null.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The knowledge base to use, or null for the embedded one.</returns>
    /// <exception cref="CliException"><c>--kb</c> is empty or does not parse.</exception>
    public static KnowledgeBaseOption? Resolve(string? given, Func<string, string?> environment)
    {
        if (given is not null && string.IsNullOrWhiteSpace(given))
        {
            throw new CliException(NeedsValue);
        }

        var option = given is not null
            ? new KnowledgeBaseOption(given.Trim(), "--kb")
            : environment(PostgresConnectionString.EnvironmentVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment)
                ? new KnowledgeBaseOption(fromEnvironment.Trim(), PostgresConnectionString.EnvironmentVariable)
                : null;
        if (option is not null)
        {
            try
            {
                PostgresConnectionString.Parse(option.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"{option.Origin}: {ex.Message}");
            }
        }

        return option;
    }

    /// <summary>The database for people: <c>postgres://user@host:port/database</c>, never the password.</summary>
    public string Describe() => PostgresConnectionString.Describe(PostgresConnectionString.Parse(ConnectionString));
}
