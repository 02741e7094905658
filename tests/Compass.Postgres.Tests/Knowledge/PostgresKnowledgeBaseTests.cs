using System.Text.Json;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Postgres.Knowledge;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compass.Postgres.Tests.Knowledge;

public sealed class PostgresKnowledgeBaseTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [PostgresFact]
    public async Task Seed_ThenRead_GivesBackTheEmbeddedModelsGpusUseCasesAndCalibrations()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var embedded = EmbeddedKnowledgeBase.Catalog;

        var seeded = await KnowledgeSeeder.SeedAsync(database, embedded, Clock);
        var catalog = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();

        Assert.Equal(embedded.Models.Length, seeded.Models);
        Assert.Equal(embedded.Gpus.Sum(g => g.RentalPrices.Length), seeded.Prices);
        Assert.Equal(Json(embedded.Models), Json(catalog.Models));
        Assert.Equal(Json(embedded.UseCases), Json(catalog.UseCases));
        Assert.Equal(embedded.Gpus.Select(g => g.Type), catalog.Gpus.Select(g => g.Type));
        Assert.Equal(Json(embedded.Calibrations.OrderBy(c => c.Gpu.Value)), Json(catalog.Calibrations));
        foreach (var gpu in embedded.Gpus)
        {
            var read = catalog.GetGpu(gpu.Type)!;
            Assert.Equal(Json(gpu with { RentalPrices = [] }), Json(read with { RentalPrices = [] }));
            Assert.Equal(
                gpu.RentalPrices.Select(p => (p.Provider.Value, p.Tier, p.UsdPerGpuHour, p.Source)).Order(),
                read.RentalPrices.Select(p => (p.Provider.Value, p.Tier, p.UsdPerGpuHour, p.Source)).Order());
        }
    }

    [PostgresFact]
    public async Task Seed_Again_AddsNothing_AndKeepsATeamsEdits()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        await ExecuteAsync(database, "update models set spec = jsonb_set(spec, '{displayName}', '\"Our Llama\"') where id = 'meta-llama/Llama-3.1-8B-Instruct'");

        var again = await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        var catalog = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();

        Assert.Equal(0, again.Total);
        Assert.Equal("Our Llama", catalog.GetModel(ModelId.Parse("meta-llama/Llama-3.1-8B-Instruct"))!.DisplayName);
    }

    [PostgresFact]
    public async Task Prices_InEffect_AreTheNewestStarted_AndTheCheapestInstancePerTier()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        await ExecuteAsync(database, """
            delete from prices where gpu = 'H100' and provider = 'aws';
            insert into prices (gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source) values
              ('H100', 'aws', 'p5.48xlarge', 'on-demand', 6.50, '2026-01-01', 'old list price'),
              ('H100', 'aws', 'p5.48xlarge', 'on-demand', 5.00, '2026-10-01', 'price cut'),
              ('H100', 'aws', 'p5.48xlarge', 'on-demand', 3.00, '2027-03-01', 'announced, not yet in effect'),
              ('H100', 'aws', 'p5e.48xlarge', 'on-demand', 5.40, '2026-06-01', 'other instance');
            """);

        var now = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();
        var later = await new PostgresKnowledgeBase(database, new FakeTimeProvider(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero))).GetCatalogAsync();

        var price = now.GetGpu(GpuType.H100)!.FindPrice(CloudProvider.Parse("aws"), PricingTier.OnDemand)!;
        Assert.Equal(5.00, price.UsdPerGpuHour);
        Assert.Equal("price cut (instance p5.48xlarge)", price.Source);
        Assert.Equal(3.00, later.GetGpu(GpuType.H100)!.FindPrice(CloudProvider.Parse("aws"), PricingTier.OnDemand)!.UsdPerGpuHour);
    }

    [PostgresFact]
    public async Task Benchmarks_MeasuredReplaceSimulatedOfTheSameProfile_AndIncompletePointsStayOut()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        await ExecuteAsync(database, """
            insert into benchmark_runs (id, run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source, prompt_tokens, output_tokens) values
              (1, 'sim', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm', '0.8.4', 'simulated', 'blis', 512, 256),
              (2, 'real', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm', '0.11.0', 'measured', 'our lab', 512, 256),
              (3, 'other', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm', '0.8.4', 'simulated', 'blis', 1024, 128),
              (4, 'unknown-gpu', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'TPU-v9', 1, 'vllm', '0.8.4', 'measured', 'x', 512, 256);
            insert into benchmark_points (run_id, request_rate, achieved_rate, output_tokens_per_second,
              ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99, e2e_mean, e2e_p90, e2e_p95, e2e_p99) values
              (1, 1, 1, 256, 50, 60, 70, 80, 10, 11, 12, 13, 2600, 2700, 2800, 2900),
              (2, 1, 1, 250, 55, 65, 75, 85, 11, 12, 13, 14, 2900, 3000, 3100, 3200),
              (2, 4, 3.9, 990, 90, 100, 110, 120, 14, 15, 16, 17, 3800, 3900, 4000, 4100),
              (3, 1, 1, 128, 80, 90, 100, 110, 10, 11, 12, 13, 1400, 1500, 1600, 1700),
              (4, 1, 1, 250, 55, 65, 75, 85, 11, 12, 13, 14, 2900, 3000, 3100, 3200);
            insert into benchmark_points (run_id, request_rate, achieved_rate, output_tokens_per_second, ttft_mean, ttft_p99, itl_mean, itl_p99, e2e_mean, e2e_p99)
              values (2, 8, 7.5, 1800, 200, 400, 20, 40, 6000, 9000);
            """);

        var catalog = await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync();

        var points = catalog.Benchmarks.Where(b => b.Gpu == GpuType.H100).OrderBy(b => b.PromptTokens).ThenBy(b => b.RequestRate).ToList();
        Assert.Equal([(512, 1.0), (512, 4.0), (1024, 1.0)], points.Select(p => (p.PromptTokens, p.RequestRate)));
        Assert.All(points.Take(2), p => Assert.StartsWith("measured: our lab", p.Source, StringComparison.Ordinal));
        Assert.Equal("vllm v0.11.0", points[0].Framework);
        Assert.Equal(75, points[0].Ttft.P95);
    }

    [PostgresFact]
    public async Task Read_AnEmptyDatabase_SaysToRunDbInit()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync(migrate: false);

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(async () => await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync());

        Assert.Contains("Initialize it first", ex.Message, StringComparison.Ordinal);
        Assert.Equal(KnowledgeAction.Initialize, ex.Remedy?.Action);
    }

    [PostgresFact]
    public async Task Read_ACorruptRow_NamesTheTableAndRow()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        await ExecuteAsync(database, "update gpus set spec = spec - 'memoryGiB' where type = 'L4'");

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(async () => await new PostgresKnowledgeBase(database, Clock).GetCatalogAsync());

        Assert.Contains("gpus row 'L4'", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Snapshot_IsReused_UntilInvalidated()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        var kb = new PostgresKnowledgeBase(database, Clock);
        var first = await kb.GetCatalogAsync();
        await ExecuteAsync(database, "delete from prices where gpu = 'L4'");

        var cached = await kb.GetCatalogAsync();
        kb.Invalidate();
        var fresh = await kb.GetCatalogAsync();

        Assert.Same(first, cached);
        Assert.NotEmpty(cached.GetGpu(GpuType.Parse("L4"))!.RentalPrices);
        Assert.Empty(fresh.GetGpu(GpuType.Parse("L4"))!.RentalPrices);
    }

    internal static async Task ExecuteAsync(CompassDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.ToList(), CompassJson.Compact);

    private static string Json<T>(T item) => JsonSerializer.Serialize(item, CompassJson.Compact);
}
