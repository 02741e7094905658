using System.Text;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Postgres.Calibration;
using Compass.Postgres.Export;
using Compass.Postgres.Feedback;
using Compass.Postgres.Health;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;
using Compass.Postgres.Tests.Feedback;
using Compass.Testing;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests;

/// <summary>
/// What the Postgres package tells a user (import errors and notes, health findings, export, calibration, schema and
/// connection errors) speaks in terms of its API, never a host's: a web page or an embedding app must not show
/// command-line flags or commands. What fixes a problem is typed instead (<see cref="ImportException.Option"/>,
/// <see cref="ImportResult.Hints"/>, <see cref="CompassDatabaseException.Remedy"/>, <see cref="HealthFinding.Remedies"/>),
/// and the CLI maps it to its flags and commands (Compass.Cli.Tests checks that).
/// </summary>
public sealed class LibraryMessagesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compass-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PostgresFact]
    public async Task ImportErrors_NameNoFlags_AndSayWhichOptionHelps()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var importer = Importer(database);
        var errors = new List<(ImportException Error, string? Option)>
        {
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Model = "qwen2.5-7", Gpu = "H100", TensorParallel = 1 })), "Model"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H10", TensorParallel = 1 })), "Gpu"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "A100", TensorParallel = 1 })), "Gpu"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100" })), "TensorParallel"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1, Quantization = "q3" })), "Quantization"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1, Quantization = "mxfp4" })), "Quantization"),
            (await Refused(importer.ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1, Provenance = "guessed" })), "Provenance"),
            (await Refused(importer.ImportFileAsync(PathOf("guidellm-current.json"), new ImportOptions { TensorParallel = 1 })), "Gpu"),
            (await Refused(importer.ImportFileAsync(PathOf("guidellm-current.json"), new ImportOptions { Gpu = "H100" })), "TensorParallel"),
            (await Refused(ImportTextAsync(importer, """{ "model_id": "llama-3.1-8b", "completed": """, "cut.json", new ImportOptions { Format = ImportFormat.GuideLlm })), "Format"),
            (await Refused(ImportTextAsync(importer, """{ "results": [] }""", "other.json", new ImportOptions { Format = ImportFormat.GuideLlm })), "Format"),
            (Assert.Throws<ImportException>(() => BenchmarkImporter.Detect("name,age\nbob,3\n"u8, "people.csv")), "Format"),
            (await Refused(ImportTextAsync(importer, "model,gpu,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_p95\nllama-3.1-8b,,1,512,256,1,1,250,40\n",
                "no-gpu.csv", new ImportOptions())), "Gpu"),
            (await Refused(importer.ImportFileAsync(PathOf("prices.csv"), new ImportOptions())), null),
        };

        Assert.All(errors, e => LibraryMessages.AssertNoHostTerms(e.Error.Message));
        Assert.Equal(errors.Select(e => e.Option), errors.Select(e => e.Error.Option));
        Assert.Equal(KnowledgeAction.Initialize, errors[^1].Error.Remedy?.Action);
    }

    [PostgresFact]
    public async Task ImportNotes_NameNoFlags_AndHintsNameOptions()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);

        var guideLlm = await Importer(database).ImportFileAsync(PathOf("guidellm-current.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1 });
        var blis = await Importer(database).ImportFileAsync(PathOf("blis-sample.json"), new ImportOptions { Model = "llama-3.1-8b", Gpu = "H100" });

        Assert.All(guideLlm.Notes.Concat(blis.Notes), LibraryMessages.AssertNoHostTerms);
        Assert.Equal([nameof(ImportOptions.Engine), nameof(ImportOptions.EngineVersion)], guideLlm.Hints.Select(h => h.Option));
        Assert.All(guideLlm.Hints, h => Assert.Contains(h.Note, guideLlm.Notes));
        Assert.Contains(blis.Notes, n => n.Contains("the import options' model, GPU", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task HealthFindings_NameNoCommands_AndNameTheirRemedies()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);

        var report = await new KnowledgeHealthCheck(database, Clock).RunAsync();

        Assert.NotEmpty(report.Findings);
        Assert.All(report.Findings, f => LibraryMessages.AssertNoHostTerms(f.Message));
        Assert.Contains(report.In(HealthCategories.ModelWithoutBenchmarks), f => f.Remedies.Single().Action == KnowledgeAction.ImportBenchmarks);
        var remedies = report.ToJsonObject(database.Description)["findings"]!.AsArray().SelectMany(f => f!["remedies"]!.AsArray()).ToList();
        Assert.Contains(remedies, r => (string?)r!["action"] == "importBenchmarks" && r["model"] is not null);
    }

    [PostgresFact]
    public async Task CalibrationErrors_NameNoCommands()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        var catalog = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();
        await new OutcomeStore(database).AddAsync(FeedbackStoreTests.Outcome());
        var service = new OutcomeCalibrationService(database, catalog, Clock);

        var tooFew = await Assert.ThrowsAsync<CompassDatabaseException>(() => service.CalibrateAsync(GpuType.H100, new CalibrationRequest()));
        var unknown = await Assert.ThrowsAsync<CompassDatabaseException>(() => service.CalibrateAsync(GpuType.Parse("TPU-v9"), new CalibrationRequest()));

        LibraryMessages.AssertNoHostTerms(tooFew.Message);
        LibraryMessages.AssertNoHostTerms(unknown.Message);
        Assert.Equal(new KnowledgeRemedy(KnowledgeAction.RecordOutcomes, Gpu: "H100"), tooFew.Remedy);
    }

    [PostgresFact]
    public async Task SchemaConnectionAndStoreErrors_NameNoCommands()
    {
        await using var empty = await PostgresServer.CreateCompassDatabaseAsync(migrate: false);
        await using var emptyConnection = await empty.OpenAsync();
        var noSchema = await Assert.ThrowsAsync<CompassDatabaseException>(() => empty.RequireSchemaAsync(emptyConnection));
        await using var unreachable = new CompassDatabase(new CompassPostgresOptions { ConnectionString = "postgres://alice@127.0.0.1:1/kb?connect_timeout=2" });
        var refused = await Assert.ThrowsAsync<CompassDatabaseException>(() => unreachable.OpenAsync());
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var unsavedPlan = await Assert.ThrowsAsync<CompassDatabaseException>(() => new OutcomeStore(database).AddAsync(FeedbackStoreTests.Outcome(Guid.NewGuid())));

        Assert.All(new[] { noSchema, refused, unsavedPlan }, e => LibraryMessages.AssertNoHostTerms(e.Message));
        Assert.Equal(
            [KnowledgeAction.Initialize, KnowledgeAction.CheckConnection, KnowledgeAction.SavePlan],
            new[] { noSchema, refused, unsavedPlan }.Select(e => e.Remedy?.Action));
    }

    [PostgresFact]
    public async Task ExportRefusal_NamesNoFlags()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_dir, "models.json"), "mine");

        var ex = await Assert.ThrowsAsync<IOException>(() => KnowledgeExporter.ExportAsync(database, new PostgresKnowledgeBase(database, Clock), _dir, overwrite: false));

        LibraryMessages.AssertNoHostTerms(ex.Message);
        Assert.Contains("export with overwrite", ex.Message, StringComparison.Ordinal);
    }

    private static Task<ImportException> Refused(Task<ImportResult> import) => Assert.ThrowsAsync<ImportException>(() => import);

    private static async Task<ImportResult> ImportTextAsync(BenchmarkImporter importer, string text, string fileName, ImportOptions options)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await importer.ImportAsync(stream, fileName, options);
    }
}
