using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Compass.Planning.Service;
using Compass.Postgres.Calibration;
using Compass.Postgres.Feedback;
using Compass.Postgres.Knowledge;
using Compass.Postgres.Tests.Knowledge;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compass.Postgres.Tests.Calibration;

public sealed class OutcomeCalibrationServiceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    [PostgresFact]
    public async Task Calibrate_OutcomesOfSlowerBandwidth_ActivatesTheRefit_AndLaterPlansSaySo()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var kb = await SeededAsync(database);
        var catalog = await kb.GetCatalogAsync();
        var current = EngineProfiles.CoefficientsFor(catalog, GpuType.H100);
        var truth = current with { MemoryEfficiency = current.MemoryEfficiency * 0.8, KvBandwidthEfficiency = current.KvBandwidthEfficiency * 0.8 };
        var outcomes = new OutcomeStore(database);
        foreach (var outcome in Synthetic(catalog, truth))
        {
            await outcomes.AddAsync(outcome);
        }

        await outcomes.AddAsync(Synthetic(catalog, truth)[0] with { Gpu = GpuType.Parse("A100-80") });
        await outcomes.AddAsync(Synthetic(catalog, truth)[0] with { Model = ModelId.Parse("acme/NotInTheCatalog-7B") });

        var report = await new OutcomeCalibrationService(database, catalog, Clock).CalibrateAsync(GpuType.H100, new CalibrationRequest());

        Assert.True(report.Activated, report.Reason);
        Assert.True(report.ErrorBefore > 0.05, $"before {report.ErrorBefore:P1}");
        Assert.True(report.ErrorAfter < 0.02, $"after {report.ErrorAfter:P1}");
        Assert.Equal(9, report.OutcomesUsed + report.OutcomesHeldBack);
        Assert.Contains(report.Skipped, s => s.Contains("acme/NotInTheCatalog-7B is not in the knowledge base", StringComparison.Ordinal));
        Assert.StartsWith("activated: the held-back error dropped from", report.Reason, StringComparison.Ordinal);
        Assert.Equal([(report.CalibrationId!.Value, true)], await CalibrationsAsync(database, "H100", activeOnly: true));
        Assert.Equal(2, (await CalibrationsAsync(database, "H100", activeOnly: false)).Count);

        kb.Invalidate();
        var after = await kb.GetCatalogAsync();
        var refit = EngineProfiles.CoefficientsFor(after, GpuType.H100);
        Assert.StartsWith("serving refit: measured (outcome refit on 9 measured outcomes (", refit.EvidenceSummary, StringComparison.Ordinal);
        Assert.Contains("2026-12-04", refit.EvidenceSummary, StringComparison.Ordinal);
        Assert.Equal(report.After.MemoryEfficiency, refit.MemoryEfficiency, 12);

        var planning = new PlanningService(kb, Microsoft.Extensions.Options.Options.Create(new CompassPlanningOptions { VerifyBySimulation = false }));
        var plan = (await planning.PlanAsync(new DeploymentIntent { UseCase = UseCase.ChatbotConversational, ExpectedQps = 20, PreferredGpuTypes = [GpuType.H100] })).Plan;
        Assert.Contains(plan.Notes, n => n.StartsWith("H100 step-time evidence: serving refit: measured (outcome refit on 9 measured outcomes", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Calibrate_OutcomesTheCurrentCoefficientsPredict_IsNotActivated_AndStoredInactive()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();
        var outcomes = new OutcomeStore(database);
        foreach (var outcome in Synthetic(catalog, EngineProfiles.CoefficientsFor(catalog, GpuType.H100)))
        {
            await outcomes.AddAsync(outcome);
        }

        var activeBefore = await CalibrationsAsync(database, "H100", activeOnly: true);
        var report = await new OutcomeCalibrationService(database, catalog, Clock).CalibrateAsync(GpuType.H100, new CalibrationRequest());

        Assert.False(report.Activated);
        Assert.StartsWith("not activated: the held-back error did not drop", report.Reason, StringComparison.Ordinal);
        Assert.Equal(activeBefore, await CalibrationsAsync(database, "H100", activeOnly: true));
        Assert.Contains((report.CalibrationId!.Value, false), await CalibrationsAsync(database, "H100", activeOnly: false));
    }

    [PostgresFact]
    public async Task Calibrate_Concurrently_LeavesExactlyOneActiveCalibration()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();
        var current = EngineProfiles.CoefficientsFor(catalog, GpuType.H100);
        foreach (var outcome in Synthetic(catalog, current with { MemoryEfficiency = current.MemoryEfficiency * 0.8 }))
        {
            await new OutcomeStore(database).AddAsync(outcome);
        }

        var service = new OutcomeCalibrationService(database, catalog, Clock);
        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(seed => Task.Run(() => service.CalibrateAsync(GpuType.H100, new CalibrationRequest { Seed = seed }))));

        Assert.All(reports, r => Assert.True(r.Activated, r.Reason));
        var active = Assert.Single(await CalibrationsAsync(database, "H100", activeOnly: true));
        Assert.Contains(active.Id, reports.Select(r => r.CalibrationId!.Value));
        Assert.Equal(4, (await CalibrationsAsync(database, "H100", activeOnly: false)).Count);
    }

    [PostgresFact]
    public async Task Calibrate_DryRun_WritesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();
        var current = EngineProfiles.CoefficientsFor(catalog, GpuType.H100);
        foreach (var outcome in Synthetic(catalog, current with { MemoryEfficiency = current.MemoryEfficiency * 0.8 }))
        {
            await new OutcomeStore(database).AddAsync(outcome);
        }

        var all = await CalibrationsAsync(database, "H100", activeOnly: false);
        var report = await new OutcomeCalibrationService(database, catalog, Clock).CalibrateAsync(GpuType.H100, new CalibrationRequest { DryRun = true });

        Assert.False(report.Activated);
        Assert.Null(report.CalibrationId);
        Assert.StartsWith("dry run, nothing written", report.Reason, StringComparison.Ordinal);
        Assert.Equal(all, await CalibrationsAsync(database, "H100", activeOnly: false));
    }

    [PostgresFact]
    public async Task Calibrate_TooFewOutcomes_SaysHowManyAreNeededAndHowToRecordThem()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();
        foreach (var outcome in Synthetic(catalog, EngineProfiles.CoefficientsFor(catalog, GpuType.H100)).Take(2))
        {
            await new OutcomeStore(database).AddAsync(outcome);
        }

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => new OutcomeCalibrationService(database, catalog, Clock).CalibrateAsync(GpuType.H100, new CalibrationRequest()));

        Assert.Contains("needs at least 4 measured outcomes of it; 2 are usable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Record more by validating H100 deployments and storing their outcomes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new KnowledgeRemedy(KnowledgeAction.RecordOutcomes, Gpu: "H100"), ex.Remedy);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Calibrate_AGpuNotInTheKnowledgeBase_IsRefused()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => new OutcomeCalibrationService(database, catalog, Clock).CalibrateAsync(GpuType.Parse("TPU-v9"), new CalibrationRequest()));

        Assert.Contains("TPU-v9 is not in the knowledge base", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Calibrate_AnOutOfRangeRequest_IsRefused()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var catalog = await (await SeededAsync(database)).GetCatalogAsync();
        var service = new OutcomeCalibrationService(database, catalog, Clock);

        await Assert.ThrowsAsync<ArgumentException>(() => service.CalibrateAsync(GpuType.H100, new CalibrationRequest { HoldBackFraction = 1.5 }));
        await Assert.ThrowsAsync<ArgumentException>(() => service.CalibrateAsync(GpuType.H100, new CalibrationRequest { MinimumOutcomes = 1 }));
    }

    private static async Task<PostgresKnowledgeBase> SeededAsync(CompassDatabase database)
    {
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, Clock);
        return new PostgresKnowledgeBase(database, Clock);
    }

    /// <summary>What compass validate would have stored for three H100 deployments at three rates each, if H100s behaved as <paramref name="truth"/> says.</summary>
    private static List<DeploymentOutcome> Synthetic(KnowledgeCatalog catalog, EngineCoefficients truth)
    {
        var deployments = new[]
        {
            ("chat-8b", ModelId.Llama31Instruct8B, Quantization.Bf16, 1, new[] { 1.0, 4, 8 }),
            ("chat-8b-tp2", ModelId.Llama31Instruct8B, Quantization.Bf16, 2, new[] { 2.0, 6, 12 }),
            ("rag-70b", ModelId.Llama33Instruct70B, Quantization.Fp8, 4, new[] { 0.5, 2, 4 }),
        };
        var list = new List<DeploymentOutcome>();
        foreach (var (name, model, format, tp, rates) in deployments)
        {
            foreach (var rate in rates)
            {
                var load = new MeasuredOutcome
                {
                    Id = name, Group = name, Model = model, Quantization = format, Gpu = truth.Gpu, TensorParallel = tp, RequestRate = rate, PromptTokens = 1000, OutputTokens = 200,
                };
                var measured = OutcomeCalibrator.Predict(catalog, truth, load, out var failure) ?? throw new InvalidOperationException(failure);
                list.Add(new DeploymentOutcome
                {
                    Deployment = name, Namespace = "llm", Model = model, Quantization = format, Gpu = truth.Gpu, TensorParallel = tp, EngineVersion = "vllm 0.11.0",
                    MeasuredAt = Clock.GetUtcNow().AddDays(-1), LoadKind = "rate", RequestRate = rate, PromptTokens = 1000, OutputTokens = 200,
                    MeasuredTtftP95 = measured.TtftP95Ms, MeasuredItlP95 = measured.ItlP95Ms, MeasuredE2eP95 = measured.E2eP95Ms,
                    MeasuredTtftMean = measured.TtftMeanMs, MeasuredItlMean = measured.ItlMeanMs, Source = "synthetic",
                });
            }
        }

        return list;
    }

    private static async Task<List<(long Id, bool Active)>> CalibrationsAsync(CompassDatabase database, string gpu, bool activeOnly)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, active from engine_calibrations where gpu = @gpu {(activeOnly ? "and active" : string.Empty)} order by id", connection);
        command.Parameters.AddWithValue("gpu", gpu);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, bool)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetBoolean(1)));
        }

        return rows;
    }
}
