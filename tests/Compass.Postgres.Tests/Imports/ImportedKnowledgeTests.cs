using System.Text;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

/// <summary>What imports write is what the PostgreSQL knowledge base reads: measured runs replace simulated ones of the same profile.</summary>
public sealed class ImportedKnowledgeTests
{
    [PostgresFact]
    public async Task MeasuredImport_ReplacesTheSimulatedBlisRows_OfTheSameConfigurationAndProfile()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        var importer = Importer(database);
        await importer.ImportFileAsync(PathOf("blis-sample.json"), new ImportOptions());
        var measured = """
            model,gpu,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_mean,ttft_p90,ttft_p95,ttft_p99,itl_mean,itl_p90,itl_p95,itl_p99,e2e_mean,e2e_p90,e2e_p95,e2e_p99,engine_version
            ibm-granite/granite-3.1-8b-instruct,H100,1,512,256,1,0.99,250,30,35,37,41,11,11.5,11.8,12.4,2900,3000,3050,3200,0.11.0
            ibm-granite/granite-3.1-8b-instruct,H100,1,512,256,3,2.97,745,45,55,60,72,13,13.8,14.1,15,3400,3550,3600,3800,0.11.0
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(measured));
        await importer.ImportAsync(stream, "our-lab.csv", new ImportOptions { Source = "our lab, 2026-12" });

        var catalog = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();

        var granite = catalog.ResolveModel("ibm-granite/granite-3.1-8b-instruct").Spec.Id;
        var h100 = catalog.BenchmarksFor(granite, Quantization.Bf16, GpuType.H100, 1);
        Assert.Equal([1.0, 3.0], h100.Select(p => p.RequestRate).Order());
        Assert.All(h100, p => Assert.Equal(("measured: our lab, 2026-12", "vllm v0.11.0"), (p.Source, p.Framework)));
        Assert.Equal(37, h100.Single(p => p.RequestRate == 1).Ttft.P95);
        var a100 = catalog.BenchmarksFor(granite, Quantization.Bf16, GpuType.Parse("A100-80"), 1);
        Assert.Equal(2, a100.Length);
        Assert.All(a100, p => Assert.Equal(KnowledgeBaseReader.BlisSource, p.Source));
    }
}
