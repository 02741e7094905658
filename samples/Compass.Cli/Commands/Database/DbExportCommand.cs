using System.CommandLine;
using Compass.Cli.Parsing;
using Compass.Postgres;
using Compass.Postgres.Export;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db export --out DIR [--force]</c>: the knowledge base as files that import back.</summary>
internal sealed class DbExportCommand : DbCommand
{
    private readonly Option<string?> _out = CliOptions.Text("out", "the folder to write", "DIR");
    private readonly Option<bool> _force = CliOptions.Flag("force", "replace files of the same names");

    public DbExportCommand(CliContext context)
        : base(context, "export", """
            The knowledge base as JSON documents and CSV (prices, benchmarks) that 'compass db import' reads back.
            """)
    {
        Options.Add(_out);
        Options.Add(_force);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CompassDatabase database, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var directory = parse.GetValue(_out) ?? throw new CliException("Give the folder to write: compass db export --out DIR.");
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new CliException("--out needs a folder, e.g. --out kb-export.");
        }

        if (File.Exists(directory))
        {
            throw new CliException($"--out {directory} is a file; give a folder.");
        }

        ExportResult result;
        try
        {
            result = await KnowledgeExporter.ExportAsync(database, new PostgresKnowledgeBase(database), directory, parse.GetValue(_force), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exporter refuses to replace its own files unless told to; here that is --force.
            var replaceable = !parse.GetValue(_force) && KnowledgeExporter.FileNames.Any(f => File.Exists(Path.Combine(directory, f)));
            throw new CliException(replaceable ? $"{ex.Message} (Pass --force to replace them.)" : ex.Message, ExitCodes.Failure);
        }

        await stdout.WriteLineAsync($"Exported {database.Description} to {result.Directory}:").ConfigureAwait(false);
        foreach (var (file, records) in result.Files)
        {
            await stdout.WriteLineAsync($"  {file,-24} {records,7:N0} records").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
