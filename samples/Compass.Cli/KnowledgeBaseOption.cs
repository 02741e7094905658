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
    public const string UsageLine = "  --kb URL           read the knowledge base from PostgreSQL (postgres://user@host/db), else $COMPASS_KB, else the embedded one";

    /// <summary>Takes <c>--kb</c> out of the arguments; without it, reads <c>COMPASS_KB</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Reads an environment variable.</param>
    /// <param name="rest">The command line without <c>--kb</c>.</param>
    /// <returns>The knowledge base to use, or null for the embedded one.</returns>
    /// <exception cref="CliException"><c>--kb</c> has no value, is given twice, or does not parse.</exception>
    public static KnowledgeBaseOption? Extract(IReadOnlyList<string> args, Func<string, string?> environment, out string[] rest)
    {
        var kept = new List<string>(args.Count);
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                kept.AddRange(args.Skip(i));
                break;
            }

            string? given = null;
            if (arg == "--kb")
            {
                given = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : string.Empty;
            }
            else if (arg.StartsWith("--kb=", StringComparison.Ordinal))
            {
                given = arg["--kb=".Length..];
            }

            if (given is null)
            {
                kept.Add(arg);
                continue;
            }

            if (value is not null)
            {
                throw new CliException("--kb is given twice; give one knowledge base.");
            }

            value = string.IsNullOrWhiteSpace(given)
                ? throw new CliException("--kb needs the database, e.g. --kb postgres://compass@localhost/compass (or set COMPASS_KB).")
                : given.Trim();
        }

        rest = [.. kept];
        var option = value is not null
            ? new KnowledgeBaseOption(value, "--kb")
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
