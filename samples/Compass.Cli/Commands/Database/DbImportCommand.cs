using Compass.Core.Knowledge;
using Compass.Postgres;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db import FILE...</c>: benchmark runs and prices, each file in one transaction.</summary>
internal static class DbImportCommand
{
    public static readonly string[] Options = ["format", "model", "quantization", "gpu", "tp", "provenance", "engine", "engine-version", "source"];

    private static readonly Dictionary<string, ImportFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = ImportFormat.Auto,
        ["blis"] = ImportFormat.Blis,
        ["guidellm"] = ImportFormat.GuideLlm,
        ["vllm-bench"] = ImportFormat.VllmBench,
        ["compass-loadtest"] = ImportFormat.CompassLoadTest,
        ["csv"] = ImportFormat.PointsCsv,
        ["prices-csv"] = ImportFormat.PricesCsv,
    };

    public static async Task<int> RunAsync(CommandLine line, CompassDatabase database, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count == 0)
        {
            throw new CliException("Give the files to import: compass db import results.json [more files] (compass db --help lists the formats).");
        }

        var provenance = line.Get("provenance");
        if (provenance is not null && provenance is not ("measured" or "simulated" or "estimated"))
        {
            throw new CliException($"--provenance must be measured, simulated or estimated (got '{provenance}').");
        }

        var options = new ImportOptions
        {
            Format = line.GetChoice("format", Formats) ?? ImportFormat.Auto,
            Model = line.Get("model"),
            Quantization = line.Get("quantization"),
            Gpu = line.Get("gpu"),
            TensorParallel = line.GetInt("tp", 1, 64),
            Provenance = provenance,
            Engine = line.Get("engine"),
            EngineVersion = line.Get("engine-version"),
            Source = line.Get("source"),
        };
        foreach (var file in line.Positionals)
        {
            if (!File.Exists(file))
            {
                throw new CliException(Directory.Exists(file) ? $"{file} is a folder; give the files in it." : $"{file} does not exist.");
            }
        }

        // Names resolve against what the database holds, so that models and GPUs a team added are known.
        var catalog = await new PostgresKnowledgeBase(database).GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var importer = new BenchmarkImporter(database, catalog);
        var failed = 0;
        foreach (var file in line.Positionals)
        {
            try
            {
                var result = await importer.ImportFileAsync(file, options, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(result.AlreadyImported
                    ? $"{file}: imported before (same content); nothing added."
                    : $"{file}: {Describe(result)}.").ConfigureAwait(false);
                foreach (var note in result.Notes)
                {
                    await stdout.WriteLineAsync("  note: " + note).ConfigureAwait(false);
                }
            }
            catch (ImportException ex) when (line.Positionals.Count > 1)
            {
                // Each file is its own transaction: the others still import; the exit code says one failed.
                await stdout.WriteLineAsync($"{file}: not imported, nothing written: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                failed++;
            }
        }

        if (failed > 0)
        {
            throw new CliException($"{failed} of {line.Positionals.Count} files were not imported (see above); fix them and import them again.", ExitCodes.Failure);
        }

        return ExitCodes.Success;
    }

    private static string Describe(ImportResult result)
    {
        var parts = new List<string>();
        if (result.Runs > 0 || result.Points > 0)
        {
            parts.Add($"{result.Runs} benchmark runs with {result.Points} points");
        }

        if (result.Prices > 0)
        {
            parts.Add($"{result.Prices} prices");
        }

        return $"{(parts.Count == 0 ? "nothing new (every row was there already)" : string.Join(" and ", parts))} as {result.Format}";
    }
}
