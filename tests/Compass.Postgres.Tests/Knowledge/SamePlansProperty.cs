using System.Text.Json;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Service;
using Compass.Postgres.Knowledge;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Postgres.Tests.Knowledge;

/// <summary>
/// Planning over PostgreSQL gives the same plans as planning over the embedded knowledge base when both hold the same
/// data: random intents (use case, users or QPS, priorities, budget, GPU preferences) are planned both ways and the
/// plans compared as JSON.
/// </summary>
public sealed class SamePlansProperty
{
    private static readonly UseCase[] UseCases =
    [
        UseCase.ChatbotConversational, UseCase.CodeCompletion, UseCase.CodeGenerationDetailed, UseCase.Translation, UseCase.ContentGeneration,
        UseCase.SummarizationShort, UseCase.DocumentAnalysisRag, UseCase.LongDocumentSummarization, UseCase.ResearchLegalAnalysis,
    ];

    [PostgresFact]
    public async Task PlansFromPostgres_EqualPlansFromTheEmbeddedKnowledgeBase_ForTheSameData()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, clock);
        await SeedBenchmarksAsync(database);
        // Simulation-verified plans read the same catalog; leaving the verification out keeps this property quick.
        var options = Microsoft.Extensions.Options.Options.Create(new CompassPlanningOptions { VerifyBySimulation = false });
        var fromPostgres = new PlanningService(new PostgresKnowledgeBase(database, clock) { SnapshotLifetime = TimeSpan.FromHours(1) }, options);
        var fromMemory = new PlanningService(new InMemoryKnowledgeBase(SameData()), options);
        var pg = await fromPostgres.GetCatalogAsync();
        Assert.Equal(SameData().Benchmarks.Length, pg.Benchmarks.Length);

        var gpus = EmbeddedKnowledgeBase.Catalog.Gpus.Select(g => g.Type).ToArray();
        var intents =
            from useCase in Gen.Elements(UseCases)
            from users in Gen.Choose(1, 200_000)
            from byQps in Gen.Elements(false, false, true)
            from qps in Gen.Choose(1, 400)
            from latency in Gen.Elements(Priority.Low, Priority.Medium, Priority.High)
            from cost in Gen.Elements(Priority.Low, Priority.Medium, Priority.High)
            from accuracy in Gen.Elements(Priority.Low, Priority.Medium, Priority.High)
            from budget in Gen.Elements<double?>(null, null, 5_000, 40_000)
            from gpu in Gen.Elements<GpuType?>([null, null, .. gpus.Cast<GpuType?>()])
            select new DeploymentIntent
            {
                UseCase = useCase,
                UserCount = byQps ? null : users,
                ExpectedQps = byQps ? qps : null,
                LatencyPriority = latency,
                CostPriority = cost,
                AccuracyPriority = accuracy,
                MaxMonthlyCostUsd = budget,
                PreferredGpuTypes = gpu is { } g ? [g] : [],
            };

        foreach (var intent in intents.Sample(25, 25))
        {
            var a = await Plan(fromPostgres, intent);
            var b = await Plan(fromMemory, intent);
            Assert.True(a == b, $"plans differ for {JsonSerializer.Serialize(intent, CompassJson.Compact)}");
        }
    }

    // The embedded data as it is seeded: everything, benchmark points included.
    private static KnowledgeCatalog SameData() => EmbeddedKnowledgeBase.Catalog;

    private static async Task SeedBenchmarksAsync(CompassDatabase database)
    {
        var sql = new System.Text.StringBuilder();
        var runs = EmbeddedKnowledgeBase.Catalog.Benchmarks
            .GroupBy(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel, b.PromptTokens, b.OutputTokens, b.PromptTokensStdDev, b.OutputTokensStdDev, b.Framework, b.Source))
            .ToList();
        var id = 0;
        foreach (var run in runs)
        {
            id++;
            var k = run.Key;
            var version = k.Framework.StartsWith("vllm ", StringComparison.Ordinal) ? k.Framework[5..] : string.Empty;
            sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"insert into benchmark_runs (id, run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source, prompt_tokens, prompt_tokens_stddev, output_tokens, output_tokens_stddev) values ({id}, 'r{id}', '{k.Model.Value}', '{k.Quantization.Value}', '{k.Gpu.Value}', {k.TensorParallel}, 'vllm', '{version}', 'simulated', '{k.Source.Replace("'", "''", StringComparison.Ordinal)}', {k.PromptTokens}, {k.PromptTokensStdDev:R}, {k.OutputTokens}, {k.OutputTokensStdDev:R});\n");
            foreach (var p in run)
            {
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"insert into benchmark_points (run_id, request_rate, achieved_rate, output_tokens_per_second, ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99, e2e_mean, e2e_p90, e2e_p95, e2e_p99) values ({id}, {p.RequestRate:R}, {p.AchievedRate:R}, {p.OutputTokensPerSecond:R}, {p.Ttft.Mean:R}, {p.Ttft.P90:R}, {p.Ttft.P95:R}, {p.Ttft.P99:R}, {p.Itl.Mean:R}, {p.Itl.P90:R}, {p.Itl.P95:R}, {p.Itl.P99:R}, {p.E2e.Mean:R}, {p.E2e.P90:R}, {p.E2e.P95:R}, {p.E2e.P99:R});\n");
            }
        }

        await PostgresKnowledgeBaseTests.ExecuteAsync(database, sql.ToString());
    }

    private static async Task<string> Plan(PlanningService service, DeploymentIntent intent)
    {
        try
        {
            return JsonSerializer.Serialize((await service.PlanAsync(intent)).Plan, CompassJson.Compact);
        }
        catch (ArgumentException ex)
        {
            return "refused: " + ex.Message;
        }
    }

    private sealed class InMemoryKnowledgeBase(KnowledgeCatalog catalog) : IKnowledgeBase
    {
        public ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default) => new(catalog.Models);

        public ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default) => new(catalog.Gpus);

        public ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default) => new(catalog.UseCases);

        public ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default) => new(catalog.Benchmarks);

        public ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default) => new(catalog);
    }
}
