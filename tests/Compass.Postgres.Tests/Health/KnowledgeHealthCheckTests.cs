using Compass.Core.Knowledge;
using Compass.Postgres.Health;
using Compass.Postgres.Knowledge;
using Compass.Postgres.Tests.Knowledge;
using Compass.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Postgres.Tests.Health;

public sealed class KnowledgeHealthCheckTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    private const string Points = "insert into benchmark_points (run_id, request_rate, achieved_rate, output_tokens_per_second, ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99, e2e_mean, e2e_p90, e2e_p95, e2e_p99) values";

    [PostgresFact]
    public async Task Health_OfTheSeededKnowledgeBase_HasNoErrors()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);

        var report = await new KnowledgeHealthCheck(database, Clock).RunAsync();

        Assert.True(report.Healthy, string.Join("\n", report.Findings.Where(f => f.Severity == HealthSeverity.Error)));
        Assert.Equal(0, report.Errors);
        Assert.Equal(EmbeddedKnowledgeBase.Catalog.Models.Length, report.In(HealthCategories.ModelWithoutBenchmarks).Count());
        Assert.Empty(report.In(HealthCategories.EngineVersionMismatch));
        Assert.Empty(report.In(HealthCategories.UnresolvedBenchmarks));
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Message)));
    }

    [PostgresFact]
    public async Task Health_FindsEachPlantedProblem_AndSaysHowToFixIt()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        await PostgresKnowledgeBaseTests.ExecuteAsync(database, $$"""
            delete from prices where gpu = 'L4';
            delete from prices where gpu = 'H100';
            insert into prices (gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source) values
              ('H100', 'aws', '', 'on-demand', 4.0, '2026-11-01', 'fresh'),
              ('H100', 'acme', '', 'on-demand', 3.0, '2025-01-01', 'old');
            insert into benchmark_runs (id, run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source, prompt_tokens, output_tokens) values
              (1, 'a', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm', '0.11.0', 'measured', 'lab', 512, 256),
              (2, 'b', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 2, 'vllm', '0.11.0', 'measured', 'lab', 512, 256),
              (3, 'c', 'meta-llama/Llama-3.1-8B-Instruct', 'fp8', 'H100', 1, 'vllm', '0.11.0', 'measured', 'lab', 512, 256),
              (4, 'd', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm', '0.8.4', 'simulated', 'blis', 1024, 128),
              (5, 'e', 'meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'TPU-v9', 1, 'vllm', '0.11.0', 'measured', 'x', 512, 256),
              (6, 'f', 'acme/Unknown-7B', 'bf16', 'H100', 1, 'vllm', '0.11.0', 'measured', 'x', 512, 256);
            {{Points}}
              (1, 1, 1, 250, 55, 65, 75, 85, 11, 12, 13, 14, 2900, 3000, 3100, 3200);
            insert into benchmark_points (run_id, request_rate, achieved_rate, output_tokens_per_second, ttft_mean, ttft_p99, itl_mean, itl_p99, e2e_mean, e2e_p99)
              values (2, 8, 7.5, 1800, 200, 400, 20, 40, 6000, 9000);
            insert into deployment_outcomes (model, quantization, gpu, tensor_parallel, engine_version, load_kind, request_rate, prompt_tokens, output_tokens) values
              ('meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm 0.10.0', 'rate', 2, 512, 256),
              ('meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, 'vllm 0.11.0', 'rate', 2, 512, 256),
              ('meta-llama/Llama-3.1-8B-Instruct', 'bf16', 'H100', 1, '0.11.0', 'rate', 4, 512, 256),
              ('acme/Unknown-7B', 'bf16', 'H100', 1, '', 'rate', 4, 512, 256);
            update engine_calibrations set coefficients = jsonb_set(jsonb_set(coefficients, '{calibrated}', 'false'), '{evidence}', '[]') where gpu = 'A100-80' and active;
            """);

        var report = await new KnowledgeHealthCheck(database, Clock, stalePriceDays: 180).RunAsync();

        Assert.False(report.Healthy);
        Assert.Equal(HealthSeverity.Error, report.Findings[0].Severity);
        var unpriced = Assert.Single(report.In(HealthCategories.GpuWithoutPrice));
        Assert.Equal(("L4", HealthSeverity.Error), (unpriced.Subject, unpriced.Severity));
        Assert.Contains("Import its prices (a prices CSV with the columns gpu, provider,", unpriced.Message, StringComparison.Ordinal);
        Assert.Equal([new KnowledgeRemedy(KnowledgeAction.ImportPrices, Gpu: "L4")], unpriced.Remedies);

        var stale = report.In(HealthCategories.StalePrice).Where(f => f.Subject.StartsWith("H100", StringComparison.Ordinal)).ToList();
        Assert.Equal("H100", Assert.Single(stale).Subject);
        Assert.Contains("1 price(s) of H100 (acme on-demand) took effect on 2025-01-01, 702 days ago or more (stale after 180)", stale[0].Message, StringComparison.Ordinal);

        Assert.DoesNotContain(report.In(HealthCategories.ModelWithoutBenchmarks), f => f.Subject == "meta-llama/Llama-3.1-8B-Instruct");
        Assert.Contains(report.In(HealthCategories.ModelWithoutBenchmarks), f => f.Subject == "Qwen/Qwen2.5-7B-Instruct" && f.Severity == HealthSeverity.Warning
            && f.Remedies.SequenceEqual([new KnowledgeRemedy(KnowledgeAction.ImportBenchmarks, Model: "Qwen/Qwen2.5-7B-Instruct")]));

        var mismatches = report.In(HealthCategories.EngineVersionMismatch).ToList();
        Assert.Equal(["H100 outcomes vllm 0.10.0", "H100 vllm 0.8.4"], mismatches.Select(f => f.Subject).Order(StringComparer.Ordinal));
        Assert.Contains("most (4) with vllm 0.11.0", mismatches.Single(f => f.Subject == "H100 vllm 0.8.4").Message, StringComparison.Ordinal);

        var simulated = Assert.Single(report.In(HealthCategories.SimulatedBenchmarks));
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct on H100", HealthSeverity.Info), (simulated.Subject, simulated.Severity));

        var incomplete = Assert.Single(report.In(HealthCategories.IncompleteBenchmarkPoints));
        Assert.Equal("benchmark run 2", incomplete.Subject);

        var unresolved = report.In(HealthCategories.UnresolvedBenchmarks).ToList();
        Assert.Equal(["benchmark run 5", "benchmark run 6"], unresolved.Select(f => f.Subject));
        Assert.Contains("GPU TPU-v9", unresolved[0].Message, StringComparison.Ordinal);
        Assert.Contains("model acme/Unknown-7B", unresolved[1].Message, StringComparison.Ordinal);
        Assert.All(unresolved, f => Assert.Equal(HealthSeverity.Error, f.Severity));

        var unusable = Assert.Single(report.In(HealthCategories.UnusableOutcomes));
        Assert.Equal("acme/Unknown-7B on H100", unusable.Subject);
        Assert.Contains("so calibration skips them", unusable.Message, StringComparison.Ordinal);

        var calibration = report.In(HealthCategories.UnmeasuredCalibration).Where(f => f.Severity == HealthSeverity.Warning).ToList();
        Assert.Equal("A100-80", Assert.Single(calibration).Subject);
        Assert.Contains("then refit A100-80 from them", calibration[0].Message, StringComparison.Ordinal);
        Assert.Equal([new KnowledgeRemedy(KnowledgeAction.RecordOutcomes, Gpu: "A100-80"), new KnowledgeRemedy(KnowledgeAction.Calibrate, Gpu: "A100-80")], calibration[0].Remedies);
        Assert.All(report.Findings, f => LibraryMessages.AssertNoHostTerms(f.Message));
    }

    [PostgresFact]
    public async Task Health_StalePriceDays_DefaultsToTheDatabaseOptions()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);

        var lenient = await new KnowledgeHealthCheck(database, Clock, stalePriceDays: 100_000).RunAsync();
        var byOptions = await new KnowledgeHealthCheck(database, Clock).RunAsync();
        var strict = await new KnowledgeHealthCheck(database, Clock, stalePriceDays: 1).RunAsync();

        Assert.Empty(lenient.In(HealthCategories.StalePrice));
        Assert.True(strict.In(HealthCategories.StalePrice).Count() >= byOptions.In(HealthCategories.StalePrice).Count());
        Assert.NotEmpty(strict.In(HealthCategories.StalePrice));
    }
}
