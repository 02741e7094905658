using System.CommandLine;
using Compass.Postgres;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db init|import|health|export|calibrate</c>: the PostgreSQL knowledge base.</summary>
internal sealed class DbCommands : Command
{
    public DbCommands(CliContext context)
        : base("db", "The PostgreSQL knowledge base: init, import, health, export, calibrate (needs --kb or COMPASS_KB).")
    {
        Subcommands.Add(new DbInitCommand(context));
        Subcommands.Add(new DbImportCommand(context));
        Subcommands.Add(new DbHealthCommand(context));
        Subcommands.Add(new DbExportCommand(context));
        Subcommands.Add(new DbCalibrateCommand(context, "calibrate"));
        SetAction(new Func<ParseResult, int>(_ => throw new CliException("Say what to do: compass db init, import FILE, health, export --out DIR or calibrate --gpu G (compass db --help).")));
    }

    /// <summary>Opens the database named by the option (nothing connects until the first command).</summary>
    public static CompassDatabase Open(KnowledgeBaseOption knowledgeBase)
    {
        try
        {
            return new CompassDatabase(new CompassPostgresOptions { ConnectionString = knowledgeBase.ConnectionString });
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"{knowledgeBase.Origin}: {ex.Message}");
        }
    }
}

/// <summary>A <c>compass db</c> command: it needs a database, and gets it opened.</summary>
internal abstract class DbCommand : Command
{
    protected DbCommand(CliContext context, string name, string description)
        : base(name, description)
    {
        Context = context;
        SetAction(RunAsync);
    }

    protected CliContext Context { get; }

    protected abstract Task<int> RunAsync(ParseResult result, CompassDatabase database, CancellationToken cancellationToken);

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var knowledgeBase = Context.KnowledgeBase(result)
            ?? throw new CliException($"compass db {Name} needs a database: pass --kb postgres://user@host/db or set {PostgresConnectionString.EnvironmentVariable}.");
        await using var database = DbCommands.Open(knowledgeBase);
        return await RunAsync(result, database, cancellationToken).ConfigureAwait(false);
    }
}
