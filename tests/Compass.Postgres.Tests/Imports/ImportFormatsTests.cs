using Compass.Core.Knowledge;
using Compass.Postgres.Imports;
using Compass.Postgres.Knowledge;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

/// <summary>Each layout is recognised, read and written with the values its fixture file holds.</summary>
public sealed class ImportFormatsTests
{
    private static readonly ImportOptions Auto = new();

    [PostgresFact]
    public async Task Blis_Sample_ImportsEveryRow_AsSimulated_MergingTheRepeatedRow()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("blis-sample.json"), Auto);

        Assert.Equal(ImportFormat.Blis, result.Format);
        Assert.False(result.AlreadyImported);
        Assert.NotNull(result.ImportId);
        Assert.Equal((2, 5, 0), (result.Runs, result.Points, result.Prices));
        Assert.Contains(result.Notes, n => n.Contains("1 row(s) repeat", StringComparison.Ordinal));
        var point = await PointAsync(database, "r.gpu = 'H100' and p.request_rate = 1");
        Assert.Equal(EmbeddedKnowledgeBase.Catalog.ResolveModel("ibm-granite/granite-3.1-8b-instruct").Spec.Id.Value, point["model"]);
        Assert.Equal(("bf16", 1, "vllm", "0.8.4", "simulated", KnowledgeBaseReader.BlisSource),
            (point["quantization"], point["tensor_parallel"], point["engine"], point["engine_version"], point["provenance"], point["source"]));
        Assert.Equal((512.0, 128.0, 256.0, 64.0), (point["prompt_tokens"], point["prompt_tokens_stddev"], point["output_tokens"], point["output_tokens_stddev"]));
        Assert.Equal((0.991, 247.464), (point["achieved_rate"], point["output_tokens_per_second"]));
        Assert.Equal((21.951, 25.583, 26.297, 27.042), (point["ttft_mean"], point["ttft_p90"], point["ttft_p95"], point["ttft_p99"]));
        Assert.Equal((10.764, 4208.735), (point["itl_mean"], point["e2e_p99"]));
        Assert.Null(point["ttft_p50"]);
        Assert.Null(point["concurrency"]);
        Assert.Equal(result.ImportId, point["import_id"]);
        Assert.Equal(7L, Convert.ToInt64(await ScalarAsync(database, $"select rows_written from imports where id = '{result.ImportId}' and kind = 'blis'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [PostgresFact]
    public async Task Blis_TheWholeUpstreamTable_ImportsEveryUniqueRow()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await using var table = typeof(EmbeddedKnowledgeBase).Assembly.GetManifestResourceStream("Compass.Core.Knowledge.Data.benchmarks-blis.json")!;

        var result = await Importer(database).ImportAsync(table, "benchmarks_BLIS.json", Auto);

        var embedded = EmbeddedKnowledgeBase.Catalog.Benchmarks;
        Assert.Equal(ImportFormat.Blis, result.Format);
        Assert.Equal(embedded.Length, result.Points);
        Assert.Equal(embedded.GroupBy(b => (b.Model, b.Quantization, b.Gpu, b.TensorParallel, b.PromptTokens, b.OutputTokens, b.PromptTokensStdDev, b.OutputTokensStdDev, b.Framework)).Count(), result.Runs);
        Assert.Equal(embedded.Length, await CountAsync(database, "benchmark_points"));
    }

    [PostgresFact]
    public async Task GuideLlm_CurrentLayout_OnePointPerBenchmark_RequestedProfile_SecondsToMs()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("guidellm-current.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1, Source = "lab" });

        Assert.Equal(ImportFormat.GuideLlm, result.Format);
        Assert.Equal((1, 3), (result.Runs, result.Points));
        Assert.Contains(result.Notes, n => n.Contains("Benchmark 4 has no successful requests", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("recorded as vllm (set the engine in the import options otherwise)", StringComparison.Ordinal));
        Assert.Contains(result.Hints, h => h.Option == nameof(ImportOptions.Engine) && result.Notes.Contains(h.Note));
        Assert.Contains(result.Hints, h => h.Option == nameof(ImportOptions.EngineVersion) && h.Note.StartsWith("The engine version is not known", StringComparison.Ordinal));
        var constant = await PointAsync(database, "p.request_rate = 4");
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct", "bf16", "H100", 1, "vllm", "measured", "lab"),
            (constant["model"], constant["quantization"], constant["gpu"], constant["tensor_parallel"], constant["engine"], constant["provenance"], constant["source"]));
        Assert.Equal((512.0, 256.0), (constant["prompt_tokens"], constant["output_tokens"]));
        Assert.Equal((3.97, 1015.3), (constant["achieved_rate"], constant["output_tokens_per_second"]));
        Assert.Equal((31.2, 29.8, 40.5, 44.1, 52.7), (constant["ttft_mean"], constant["ttft_p50"], constant["ttft_p90"], constant["ttft_p95"], constant["ttft_p99"]));
        Assert.Equal((8.9, 8.7, 11.4), (constant["itl_mean"], constant["itl_p50"], constant["itl_p99"]));
        Assert.Equal(2300, (double)constant["e2e_mean"]!, 6);
        Assert.Equal(2700, (double)constant["e2e_p99"]!, 6);
        Assert.Null(constant["concurrency"]);
        var synchronous = await PointAsync(database, "p.request_rate = 0.42");
        Assert.Equal(1, synchronous["concurrency"]);
        var throughput = await PointAsync(database, "p.request_rate = 21.6");
        Assert.Equal(950.0, throughput["ttft_mean"]);
    }

    [PostgresFact]
    public async Task GuideLlm_OlderLayout_StrategyInArgs_ModelFromWorker_FormatFromCheckpoint()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("guidellm-older.json"), new ImportOptions { Gpu = "L40S", TensorParallel = 1 });

        Assert.Equal(ImportFormat.GuideLlm, result.Format);
        Assert.Equal((1, 2), (result.Runs, result.Points));
        var poisson = await PointAsync(database, "p.request_rate = 2");
        Assert.Equal(("Qwen/Qwen2.5-7B-Instruct", "w4a16", "L40S", "guidellm-older.json"), (poisson["model"], poisson["quantization"], poisson["gpu"], poisson["source"]));
        Assert.Equal((1000.0, 200.0), (poisson["prompt_tokens"], poisson["output_tokens"]));
        Assert.Equal((62.0, 60.5, 75.0, 81.0, 96.0), (poisson["ttft_mean"], poisson["ttft_p50"], poisson["ttft_p90"], poisson["ttft_p95"], poisson["ttft_p99"]));
        var concurrent = await PointAsync(database, "p.concurrency = 16");
        Assert.Equal((7.45, 1480.0), (concurrent["request_rate"], concurrent["output_tokens_per_second"]));
    }

    [PostgresFact]
    public async Task GuideLlm_NewestLayout_RateInConfig_MissingMetricsAreNull()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var json = """
            {"metadata": {"version": 2, "guidellm_version": "0.7.0"}, "args": {"model": "llama-3.1-8b", "data": "prompt_tokens=256,output_tokens=64"},
             "benchmarks": [{"config": {"rate": 2}, "metrics": {
               "request_totals": {"successful": 10, "incomplete": 0, "errored": 0, "total": 10},
               "requests_per_second": {"successful": {"mean": 1.9}},
               "time_to_first_token_ms": {"successful": {"mean": 50, "percentiles": {"p50": 48, "p90": 60, "p95": 65, "p99": 70}}},
               "output_tokens_per_second": {"successful": {"mean": 120}}}}]}
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var result = await Importer(database).ImportAsync(stream, "new.json", new ImportOptions { Gpu = "L4", TensorParallel = 1 });

        Assert.Equal((ImportFormat.GuideLlm, 1, 1), (result.Format, result.Runs, result.Points));
        var point = await PointAsync(database, "true");
        Assert.Equal((2.0, 1.9, 120.0, 256.0, 64.0, 65.0), (point["request_rate"], point["achieved_rate"], point["output_tokens_per_second"], point["prompt_tokens"], point["output_tokens"], point["ttft_p95"]));
        Assert.All(["itl_mean", "itl_p99", "e2e_mean", "e2e_p99"], (string c) => Assert.Null(point[c]));
    }

    [PostgresFact]
    public async Task CompassLoadTest_Report_IsRecognised_AndReadWithItsProfile()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("compass-loadtest.json"), new ImportOptions { Gpu = "A100-80", TensorParallel = 1, EngineVersion = "v0.11.0" });

        Assert.Equal(ImportFormat.CompassLoadTest, result.Format);
        Assert.Equal((1, 2), (result.Runs, result.Points));
        var point = await PointAsync(database, "p.request_rate = 2");
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct", "bf16", "A100-80", "0.11.0"), (point["model"], point["quantization"], point["gpu"], point["engine_version"]));
        Assert.Equal((512.0, 128.0), (point["prompt_tokens"], point["output_tokens"]));
        Assert.Equal((45.0, 61.0, 1.99, 254.0), (point["ttft_mean"], point["ttft_p99"], point["achieved_rate"], point["output_tokens_per_second"]));
        Assert.Equal(1350, (double)point["e2e_p99"]!, 6);
        Assert.Equal(5.93, (await PointAsync(database, "p.request_rate = 6"))["achieved_rate"]);
    }

    [PostgresFact]
    public async Task VllmBench_OneResult_PercentilesItLacksAreNull()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("vllm-bench.json"), new ImportOptions { Gpu = "H100", TensorParallel = 1 });

        Assert.Equal(ImportFormat.VllmBench, result.Format);
        Assert.Equal((1, 1), (result.Runs, result.Points));
        var point = await PointAsync(database, "true");
        Assert.Equal(("Qwen/Qwen2.5-7B-Instruct", "bf16", 1024.0, 128.0, 4.0), (point["model"], point["quantization"], point["prompt_tokens"], point["output_tokens"], point["request_rate"]));
        Assert.Equal((48.2, 46.9, 70.3, 11.5, 11.1, 19.8), (point["ttft_mean"], point["ttft_p50"], point["ttft_p99"], point["itl_mean"], point["itl_p50"], point["itl_p99"]));
        Assert.Equal((3.94, 504.2), (point["achieved_rate"], point["output_tokens_per_second"]));
        Assert.All(["ttft_p90", "ttft_p95", "itl_p90", "e2e_mean", "e2e_p99", "concurrency"], (string c) => Assert.Null(point[c]));
    }

    [PostgresFact]
    public async Task VllmBench_AppendedResults_AreOneSweep_WithMetadataAndAnUnlimitedRate()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("vllm-bench-sweep.jsonl"), Auto);

        Assert.Equal(ImportFormat.VllmBench, result.Format);
        Assert.Equal((1, 2), (result.Runs, result.Points));
        Assert.Contains(result.Notes, n => n.Contains("unlimited request rate", StringComparison.Ordinal));
        var saturated = await PointAsync(database, "p.request_rate = 17.3");
        Assert.Equal(("H100", 2, "0.11.0", 64), (saturated["gpu"], saturated["tensor_parallel"], saturated["engine_version"], saturated["concurrency"]));
        Assert.Equal((820.0, 790.0, 1300.0, 1420.0, 1710.0), (saturated["ttft_mean"], saturated["ttft_p50"], saturated["ttft_p90"], saturated["ttft_p95"], saturated["ttft_p99"]));
        Assert.Equal((1080.0, 1210.0), (saturated["e2e_mean"], saturated["e2e_p99"]));
    }

    [PostgresFact]
    public async Task PointsCsv_QuotedFields_AliasesAndEmptyPercentiles()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var result = await Importer(database).ImportFileAsync(PathOf("points.csv"), Auto);

        Assert.Equal(ImportFormat.PointsCsv, result.Format);
        Assert.Equal((3, 4), (result.Runs, result.Points));
        var bf16 = await PointAsync(database, "r.quantization = 'bf16' and r.gpu = 'H100' and p.request_rate = 1");
        Assert.Equal(("lab run 7, rack B", "0.11.0", 51.3, 2780.0), (bf16["source"], bf16["engine_version"], bf16["ttft_p95"], bf16["e2e_p99"]));
        var fp8 = await PointAsync(database, "r.quantization = 'fp8'");
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct", "H100", "0.11.0", 38.0), (fp8["model"], fp8["gpu"], fp8["engine_version"], fp8["ttft_mean"]));
        var l4 = await PointAsync(database, "r.gpu = 'L4'");
        Assert.Equal(("Qwen/Qwen2.5-7B-Instruct", "bf16", 2, 1024.0, 128.0, 8, "vllm", "", "measured", "points.csv"),
            (l4["model"], l4["quantization"], l4["tensor_parallel"], l4["prompt_tokens"], l4["output_tokens"], l4["concurrency"], l4["engine"], l4["engine_version"], l4["provenance"], l4["source"]));
        Assert.Equal((180.0, 25.0, 3400.0), (l4["ttft_mean"], l4["itl_mean"], l4["e2e_mean"]));
        Assert.All(["ttft_p50", "ttft_p99", "itl_p95", "e2e_p99"], (string c) => Assert.Null(l4[c]));
    }

    [PostgresFact]
    public async Task PricesCsv_NormalisesGpuProviderAndTier()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);

        var result = await Importer(database).ImportFileAsync(PathOf("prices.csv"), Auto);

        Assert.Equal(ImportFormat.PricesCsv, result.Format);
        Assert.Equal((0, 0, 3), (result.Runs, result.Points, result.Prices));
        var imported = (await SnapshotAsync(database)).Where(l => l.Contains("2026-1", StringComparison.Ordinal) && !l.Contains("upstream", StringComparison.Ordinal)).ToList();
        Assert.Contains("H100|aws|p5.48xlarge|on-demand|4.1200|2026-11-01|AWS price list, 2026-11", imported);
        Assert.Contains("H100|aws|p5.48xlarge|spot|1.9000|2026-11-01|AWS price list, 2026-11", imported);
        Assert.Contains("L4|gcp|g2-standard-8|on-demand|0.7100|2026-10-15|prices.csv", imported);
    }
}
