using Compass.Postgres;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db init|import|health|export|calibrate</c>: the PostgreSQL knowledge base.</summary>
internal static class DbCommands
{
    public const string Usage = """
        Usage: compass db <command> [options] --kb postgres://user@host/db   (or set COMPASS_KB)

        Commands:
          init                      create or upgrade the schema, then add the embedded models, GPUs, prices, use cases,
                                    engine calibrations and the upstream BLIS benchmarks; rows that exist are kept
            --no-benchmarks         leave the BLIS benchmarks out
          import FILE...            import benchmark runs or prices; re-importing a file writes nothing twice
            --format F              blis, guidellm, vllm-bench, compass-loadtest, csv (points) or prices-csv (default: detected)
            --model M --quantization Q --gpu G --tp N   what the file does not say about its runs
            --provenance P          measured, simulated or estimated (default: simulated for BLIS, else measured)
            --engine E --engine-version V --source TEXT
          health [--json]           models without benchmarks, GPUs without prices, stale prices, engine-version
                                    mismatches, simulated benchmarks; exits 1 when something needs fixing
          export --out DIR [--force]   the knowledge base as JSON documents and CSV (prices, benchmarks) that
                                    'compass db import' reads back; --force replaces files of the same names
          calibrate --gpu G         refit the GPU's engine coefficients from the outcomes 'compass validate --kb' stored;
                                    the refit is used by later plans only when it predicts held-back outcomes better
            --hold-back F           the fraction of outcomes kept out of the fit to judge it (default 0.3)
            --dry-run               report the refit without activating it
            --json                  the report as JSON
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, KnowledgeBaseOption? knowledgeBase, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            throw new CliException("Say what to do: compass db init, import FILE, health, export --out DIR or calibrate --gpu G (compass db --help).");
        }

        var command = args[0];
        var rest = args.Skip(1).ToArray();
        if (command is not ("init" or "import" or "health" or "export" or "calibrate"))
        {
            throw new CliException($"Unknown db command '{command}'. Use init, import, health, export or calibrate (compass db --help).");
        }

        if (knowledgeBase is null)
        {
            throw new CliException($"compass db {command} needs a database: pass --kb postgres://user@host/db or set {PostgresConnectionString.EnvironmentVariable}.");
        }

        await using var database = Open(knowledgeBase);
        return command switch
        {
            "init" => await DbInitCommand.RunAsync(CommandLine.Parse("db init", rest, [], ["no-benchmarks"]), database, stdout, cancellationToken).ConfigureAwait(false),
            "import" => await DbImportCommand.RunAsync(CommandLine.Parse("db import", rest, DbImportCommand.Options, []), database, stdout, cancellationToken).ConfigureAwait(false),
            "health" => await DbHealthCommand.RunAsync(CommandLine.Parse("db health", rest, [], ["json"]), database, stdout, cancellationToken).ConfigureAwait(false),
            "export" => await DbExportCommand.RunAsync(CommandLine.Parse("db export", rest, ["out"], ["force"]), database, stdout, cancellationToken).ConfigureAwait(false),
            _ => await DbCalibrateCommand.RunAsync(CommandLine.Parse("db calibrate", rest, ["gpu", "hold-back", "seed"], ["dry-run", "json"]), database, stdout, cancellationToken).ConfigureAwait(false),
        };
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
