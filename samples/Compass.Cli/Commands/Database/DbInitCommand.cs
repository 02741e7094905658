using System.CommandLine;
using Compass.Cli.Parsing;
using Compass.Core.Knowledge;
using Compass.Postgres;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db init</c>: the schema, then the embedded knowledge base, never overwriting what is there.</summary>
internal sealed class DbInitCommand : DbCommand
{
    private readonly Option<bool> _noBenchmarks = CliOptions.Flag("no-benchmarks", "leave the BLIS benchmarks out");

    public DbInitCommand(CliContext context)
        : base(context, "init", """
            Create or upgrade the schema and add the embedded data.

            Creates or upgrades the schema, then adds the embedded models, GPUs, prices, use cases, engine calibrations and
            the upstream BLIS benchmarks; rows that exist are kept.
            """)
    {
        Options.Add(_noBenchmarks);
    }

    protected override async Task<int> RunAsync(ParseResult result, CompassDatabase database, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var migration = await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(migration.Applied.IsEmpty
            ? $"Schema: up to date at version {migration.ToVersion} in {database.Description}."
            : $"Schema: version {migration.FromVersion} → {migration.ToVersion} in {database.Description} ({string.Join(", ", migration.Applied)}).").ConfigureAwait(false);

        var catalog = EmbeddedKnowledgeBase.Catalog;
        var seeded = await KnowledgeSeeder.SeedAsync(database, catalog, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync(seeded.Total == 0
            ? "Embedded data: already present (rows that exist are kept as they are)."
            : $"Embedded data: added {seeded.Models} models, {seeded.Gpus} GPUs, {seeded.Prices} prices, {seeded.UseCases} use cases, {seeded.Calibrations} engine calibrations (rows that existed were kept).").ConfigureAwait(false);

        if (!result.GetValue(_noBenchmarks))
        {
            await using var blis = EmbeddedKnowledgeBase.OpenDocument(EmbeddedKnowledgeBase.BlisBenchmarksDocument);
            var importer = new BenchmarkImporter(database, catalog);
            var imported = await importer.ImportAsync(blis, EmbeddedKnowledgeBase.BlisBenchmarksDocument, new ImportOptions { Format = ImportFormat.Blis }, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(imported.AlreadyImported
                ? "Benchmarks: the embedded BLIS table was imported before; nothing added."
                : $"Benchmarks: {imported.Runs} runs with {imported.Points} points from the embedded BLIS table (simulated, not measured; import measured runs with compass db import).").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync("Ready: pass --kb (or set COMPASS_KB) to plan from this knowledge base; compass db health lists what it lacks.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
