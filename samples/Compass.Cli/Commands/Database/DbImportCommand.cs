using System.CommandLine;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core.Knowledge;
using Compass.Postgres;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db import FILE...</c>: benchmark runs and prices, each file in one transaction.</summary>
internal sealed class DbImportCommand : DbCommand
{
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
    private readonly Argument<string[]> _files = new("FILE") { Description = "the files to import", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<ImportFormat?> _format = CliOptions.Choice("format", Formats, "blis, guidellm, vllm-bench, compass-loadtest, csv (points) or prices-csv (default: detected)", "F");
    private readonly Option<string?> _model = CliOptions.Name("model", "the model of runs the file does not name", "M", "llama-3.1-8b", "compass catalog models");
    private readonly Option<string?> _quantization = CliOptions.Text("quantization", "the weight format of runs the file does not name", "Q");
    private readonly Option<string?> _gpu = CliOptions.Name("gpu", "the GPU of runs the file does not name", "G", "H100", "compass catalog gpus");
    private readonly Option<int?> _tp = CliOptions.Int("tp", 1, 64, "the tensor parallelism of runs the file does not name");
    private readonly Option<string?> _provenance = CliOptions.Text("provenance", "measured, simulated or estimated (default: simulated for BLIS, else measured)", "P");
    private readonly Option<string?> _engine = CliOptions.Text("engine", "the serving engine of the runs", "E");
    private readonly Option<string?> _engineVersion = CliOptions.Text("engine-version", "its version", "V");
    private readonly Option<string?> _source = CliOptions.Text("source", "where the file comes from, for the record", "TEXT");

    public DbImportCommand(CliContext context)
        : base(context, "import", """
            Import benchmark runs or prices; re-importing a file writes nothing twice. Each file is its own transaction.
            """)
    {
        Arguments.Add(_files);
        foreach (var option in new Option[] { _format, _model, _quantization, _gpu, _tp, _provenance, _engine, _engineVersion, _source })
        {
            Options.Add(option);
        }
    }

    protected override async Task<int> RunAsync(ParseResult parse, CompassDatabase database, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var files = parse.GetValue(_files) ?? [];
        if (files.Length == 0)
        {
            throw new CliException("Give the files to import: compass db import results.json [more files] (compass db --help lists the formats).");
        }

        var provenance = parse.GetValue(_provenance);
        if (provenance is not null && provenance is not ("measured" or "simulated" or "estimated"))
        {
            throw new CliException($"--provenance must be measured, simulated or estimated (got '{provenance}').");
        }

        var options = new ImportOptions
        {
            Format = parse.GetValue(_format) ?? ImportFormat.Auto,
            Model = parse.GetValue(_model),
            Quantization = parse.GetValue(_quantization),
            Gpu = parse.GetValue(_gpu),
            TensorParallel = parse.GetValue(_tp),
            Provenance = provenance,
            Engine = parse.GetValue(_engine),
            EngineVersion = parse.GetValue(_engineVersion),
            Source = parse.GetValue(_source),
        };
        foreach (var file in files)
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
        foreach (var file in files)
        {
            try
            {
                var result = await importer.ImportFileAsync(file, options, cancellationToken).ConfigureAwait(false);
                await stdout.WriteLineAsync(result.AlreadyImported
                    ? $"{file}: imported before (same content); nothing added."
                    : $"{file}: {Describe(result)}.").ConfigureAwait(false);
                foreach (var note in CliHints.Notes(result))
                {
                    await stdout.WriteLineAsync("  note: " + note).ConfigureAwait(false);
                }
            }
            catch (ImportException ex) when (files.Length > 1)
            {
                // Each file is its own transaction: the others still import; the exit code says one failed.
                await stdout.WriteLineAsync($"{file}: not imported, nothing written: {CliHints.Message(ex)}").ConfigureAwait(false);
                failed++;
            }
        }

        if (failed > 0)
        {
            throw new CliException($"{failed} of {files.Length} files were not imported (see above); fix them and import them again.", ExitCodes.Failure);
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
