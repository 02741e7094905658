using Compass.Postgres;
using Compass.Postgres.Export;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db export --out DIR [--force]</c>: the knowledge base as files that import back.</summary>
internal static class DbExportCommand
{
    public static async Task<int> RunAsync(CommandLine line, CompassDatabase database, TextWriter stdout, CancellationToken cancellationToken)
    {
        var directory = line.Get("out") ?? throw new CliException("Give the folder to write: compass db export --out DIR.");
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new CliException("--out needs a folder, e.g. --out kb-export.");
        }

        if (line.Positionals.Count > 0)
        {
            throw new CliException($"compass db export takes no arguments (got '{line.Positionals[0]}'); give the folder with --out.");
        }

        if (File.Exists(directory))
        {
            throw new CliException($"--out {directory} is a file; give a folder.");
        }

        ExportResult result;
        try
        {
            result = await KnowledgeExporter.ExportAsync(database, new PostgresKnowledgeBase(database), directory, line.Has("force"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ex.Message, ExitCodes.Failure);
        }

        await stdout.WriteLineAsync($"Exported {database.Description} to {result.Directory}:").ConfigureAwait(false);
        foreach (var (file, records) in result.Files)
        {
            await stdout.WriteLineAsync($"  {file,-24} {records,7:N0} records").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
