using System.Text;
using Compass.Postgres.Imports;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

/// <summary>A bad file is refused whole: the error names the file, row and field and says what to do, and nothing is written.</summary>
public sealed class ImportErrorTests
{
    private const string Header = "model,gpu,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_p95\n";

    [PostgresFact]
    public async Task BadNumber_NamesFileRowAndField_AndWritesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var csv = Header + "llama-3.1-8b,H100,1,512,256,1,1,250,40\nllama-3.1-8b,H100,1,512,256,2,1.9,500,4O.5\n";

        var ex = await ImportTextAsync(database, csv, "lab.csv", new ImportOptions());

        Assert.Equal(("lab.csv", 3, "ttft_p95"), (ex.FileName, ex.Row, ex.Field));
        Assert.StartsWith("lab.csv, row 3, field 'ttft_p95': '4O.5' is not a number.", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task UnknownGpu_ListsTheClosestKnownName_AndWritesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var csv = Header + "llama-3.1-8b,H100,1,512,256,1,1,250,40\nllama-3.1-8b,H10,1,512,256,2,1.9,500,45\n";

        var ex = await ImportTextAsync(database, csv, "lab.csv", new ImportOptions());

        Assert.Equal((3, "gpu"), (ex.Row, ex.Field));
        Assert.Contains("Unknown GPU 'H10'. Did you mean H100?", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task UnknownModel_InAReport_SuggestsCloseNames()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<ImportException>(() => Importer(database).ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Model = "qwen2.5-7", Gpu = "H100", TensorParallel = 1 }));

        Assert.Equal(("vllm-bench.json", 1, null, "Model"), (ex.FileName, ex.Row, ex.Field, ex.Option));
        Assert.Contains("the model of the import options: Unknown model 'qwen2.5-7'. Did you mean", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task MissingGpu_SaysWhichOptionToPass()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<ImportException>(() => Importer(database).ImportFileAsync(PathOf("guidellm-current.json"), new ImportOptions { TensorParallel = 1 }));

        Assert.Equal(("guidellm-current.json", null, null, "Gpu"), (ex.FileName, ex.Row, ex.Field, ex.Option));
        Assert.Contains("Set the GPU in the import options (e.g. H100).", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task MissingTensorParallel_SaysWhichOptionToPass()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<ImportException>(() => Importer(database).ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100" }));

        Assert.Equal((1, "tensor_parallel_size", "TensorParallel"), (ex.Row, ex.Field, ex.Option));
        Assert.Contains("Set it in the import options (e.g. 1), or fill the field.", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresTheory]
    [InlineData("model,gpu,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_p95,colour\n", 1, "colour", "unknown column")]
    [InlineData("model,gpu,tensor_parallel,prompt_tokens,output_tokens,achieved_rate,output_tokens_per_second\n", 1, "request_rate", "required column is missing")]
    [InlineData(Header + "llama-3.1-8b,H100,1,512,256,-1,1,250,40\n", 2, "request_rate", "greater than zero")]
    [InlineData(Header + "llama-3.1-8b,H100,16,512,256,1,1,250,40\n", 2, "tensor_parallel", "exceeds the 8 GPUs per node of H100")]
    [InlineData(Header + "llama-3.1-8b,A100,1,512,256,1,1,250,40\n", 2, "gpu", "could be A100-40 or A100-80")]
    [InlineData(Header + "llama-3.1-8b,H100,1,512,256,1,1,250\n", 2, null, "the row has 8 fields but the header has 9")]
    [InlineData(Header + "\"llama-3.1-8b,H100,1,512,256,1,1,250,40\n", 2, null, "quoted field is not closed")]
    public async Task InvalidCsv_IsRefused_WithRowAndField(string csv, int row, string? field, string problem)
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await ImportTextAsync(database, csv, "bad.csv", new ImportOptions { Format = ImportFormat.PointsCsv });

        Assert.Equal((row, field), (ex.Row, ex.Field));
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task BadPrice_NamesRowAndField()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await ImportTextAsync(database, "gpu,provider,tier,usd_per_gpu_hour,effective_from\nH100,aws,on-demand,2.5,2026-11-01\nH100,aws,spot,1.2,01/11/2026\n", "p.csv", new ImportOptions());

        Assert.Equal((3, "effective_from"), (ex.Row, ex.Field));
        Assert.Contains("yyyy-MM-dd", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task PricesForAGpuTheDatabaseLacks_SayToSeedFirst()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<ImportException>(() => Importer(database).ImportFileAsync(PathOf("prices.csv"), new ImportOptions()));

        Assert.Equal("gpu", ex.Field);
        Assert.Contains("initializing the knowledge base seeds the shipped ones", ex.Message, StringComparison.Ordinal);
        Assert.Equal(KnowledgeAction.Initialize, ex.Remedy?.Action);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task MissingFile_NamesIt()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<ImportException>(() => Importer(database).ImportFileAsync(PathOf("no-such-report.json"), new ImportOptions()));

        Assert.Equal("no-such-report.json", ex.FileName);
        Assert.StartsWith("no-such-report.json: cannot read the file", ex.Message, StringComparison.Ordinal);
    }

    private static Task<ImportException> ImportTextAsync(CompassDatabase database, string text, string fileName, ImportOptions options)
        => Assert.ThrowsAsync<ImportException>(async () =>
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            await Importer(database).ImportAsync(stream, fileName, options);
        });
}
