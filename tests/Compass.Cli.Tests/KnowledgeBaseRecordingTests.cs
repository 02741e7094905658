using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Tests.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;
using Compass.Observability.Tests.FakeOpenAi;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Compass.Postgres;
using Compass.Postgres.Feedback;
using Compass.Postgres.Tests;

namespace Compass.Cli.Tests;

/// <summary>What the cluster and endpoint commands write to the knowledge base with --kb: audit log, deployments, outcomes.</summary>
public sealed class KnowledgeBaseRecordingTests : IAsyncLifetime
{
    private FakeKubernetes _server = null!;
    private SampleManifests _samples = null!;
    private string _dir = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetes.StartAsync();
        _server.Controller.PollsToReady = 1;
        _samples = SampleManifests.Write();
        _dir = Directory.CreateTempSubdirectory("compass-cli-kb-").FullName;
        _kubeconfig = _server.WriteKubeconfig(_dir);
    }

    public async Task DisposeAsync()
    {
        _samples.Dispose();
        Directory.Delete(_dir, true);
        await _server.DisposeAsync();
    }

    [PostgresFact]
    public async Task DeployRollbackDelete_AreEachAudited_WithWhoWhatWhereAndResult()
    {
        var kb = await InitializedAsync();

        Assert.Equal(ExitCodes.Success, (await KubeAsync(kb, "deploy", "--dir", _samples.Directory, "--namespace", "llm", "--create-namespace")).ExitCode);
        _samples.Rewrite(minReplicas: 3);
        Assert.Equal(ExitCodes.Success, (await KubeAsync(kb, "deploy", "--dir", _samples.Directory, "--namespace", "llm")).ExitCode);
        await using (var database = Database(kb))
        {
            var deployment = Assert.Single(await new DeploymentStore(database).ListAsync());
            Assert.Equal(("llm", "chat"), (deployment.Namespace, deployment.Name));
        }

        Assert.Equal(ExitCodes.Success, (await KubeAsync(kb, "rollback", "chat", "--namespace", "llm", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await KubeAsync(kb, "delete", "chat", "--namespace", "llm", "--dry-run")).ExitCode);
        Assert.Equal(ExitCodes.Success, (await KubeAsync(kb, "delete", "chat", "--namespace", "llm", "--yes")).ExitCode);
        var failed = await KubeAsync(kb, "deploy", "--dir", _samples.Directory, "--namespace", "missing");

        await using var db = Database(kb);
        var log = (await new AuditLog(db).ListAsync()).Reverse().Select(r => r.Entry).ToArray();
        Assert.NotEqual(ExitCodes.Success, failed.ExitCode);
        Assert.Equal([AuditAction.Deploy, AuditAction.Deploy, AuditAction.Rollback, AuditAction.Delete, AuditAction.Deploy], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal(("chat", AuditLog.CurrentActor()), (e.Target, e.Actor)));
        Assert.Equal(["llm", "llm", "llm", "llm", "missing"], log.Select(e => e.Namespace));
        Assert.All(log, e => Assert.Contains(_server.Url.Authority, e.Context, StringComparison.Ordinal));
        Assert.StartsWith("succeeded: revision 1", log[0].Result, StringComparison.Ordinal);
        Assert.StartsWith("succeeded: revision 2", log[1].Result, StringComparison.Ordinal);
        Assert.StartsWith("succeeded: revision 2 → 1", log[2].Result, StringComparison.Ordinal);
        Assert.StartsWith("succeeded: ", log[3].Result, StringComparison.Ordinal);
        Assert.StartsWith("failed: ", log[4].Result, StringComparison.Ordinal);
        Assert.Empty(await new DeploymentStore(db).ListAsync());
    }

    [Fact]
    public async Task Deploy_WithAnUnreachableKnowledgeBase_TouchesNothing()
    {
        var run = await KubeAsync("postgres://compass@127.0.0.1:1/compass", "deploy", "--dir", _samples.Directory, "--namespace", "llm", "--create-namespace");

        var line = run.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        var stored = FakeResource.All.SelectMany(r => _server.Store.All(r)).Select(o => o.Name);
        Assert.Equal(["default", "kube-system"], stored.Order());
    }

    [PostgresFact]
    public async Task Validate_StoresTheOutcome_MeasuredNextToPredicted()
    {
        var kb = await InitializedAsync();
        await using var endpoint = await FakeOpenAiServer.StartAsync();
        var plan = await PlanFileAsync();

        var run = await CliRun.RunAsync("validate", "--url", endpoint.BaseUri.ToString(), "--plan", plan, "--requests", "8", "--json", "--model", "fake", "--kb", kb);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var id = doc.RootElement.GetProperty("outcomeId").GetInt64();
        await using var db = Database(kb);
        var stored = Assert.Single(await new OutcomeStore(db).ListAsync());
        var outcome = stored.Outcome;
        Assert.Equal(id, stored.Id);
        Assert.Equal(doc.RootElement.GetProperty("gpu").GetString(), outcome.Gpu.Value);
        Assert.Equal(doc.RootElement.GetProperty("model").GetString(), outcome.Model.Value);
        Assert.Equal((1, "rate", 20.0, 16.0, 4.0), (outcome.Replicas, outcome.LoadKind, outcome.RequestRate!.Value, outcome.PromptTokens, outcome.OutputTokens));
        Assert.Equal(50, outcome.PredictedTtftP95);
        Assert.Equal(5, outcome.PredictedItlP95);
        Assert.True(outcome.MeasuredTtftP95 > 0);
        Assert.True(outcome.MeasuredE2eP95 >= outcome.MeasuredTtftP95);
        Assert.True(outcome.SloMet);
        Assert.Contains("\"checks\"", outcome.ReportJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WithAnUnreachableKnowledgeBase_FailsBeforeLoading()
    {
        await using var endpoint = await FakeOpenAiServer.StartAsync();
        var plan = await PlanFileAsync();

        var run = await CliRun.RunAsync("validate", "--url", endpoint.BaseUri.ToString(), "--plan", plan, "--requests", "8", "--kb", "postgres://compass@127.0.0.1:1/compass");

        run.AssertOneLineError(ExitCodes.Failure);
        Assert.Empty(endpoint.Bodies);
    }

    [PostgresFact]
    public async Task Health_ListsWhatIsMissing_AndExitsOneOnErrors()
    {
        var kb = await InitializedAsync();
        await using (var db = Database(kb))
        await using (var connection = await db.OpenAsync())
        await using (var command = new Npgsql.NpgsqlCommand("delete from prices where gpu = 'L4'", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        var text = await CliRun.RunAsync("db", "health", "--kb", kb);
        var json = await CliRun.RunAsync("db", "health", "--json", "--kb", kb);

        Assert.Equal(ExitCodes.Failure, text.ExitCode);
        Assert.Contains("ERROR", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("L4", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("simulated", text.Stdout, StringComparison.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.False(doc.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() == "error" && f.GetProperty("subject").GetString()!.Contains("L4", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Calibrate_WithoutOutcomes_SaysHowToRecordThem()
    {
        var kb = await InitializedAsync();

        var run = await CliRun.RunAsync("db", "calibrate", "--gpu", "H100", "--kb", kb);
        var unknown = await CliRun.RunAsync("db", "calibrate", "--gpu", "H1000", "--kb", kb);

        Assert.Contains("compass validate", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
        Assert.Contains("H100", unknown.AssertOneLineError(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Calibrate_FromStoredOutcomes_IsUsedAndNamedByLaterPlans()
    {
        var kb = await InitializedAsync();
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var current = EngineProfiles.CoefficientsFor(catalog, GpuType.H100);
        var truth = current with { MemoryEfficiency = current.MemoryEfficiency * 0.8 };
        await using (var db = Database(kb))
        {
            var store = new OutcomeStore(db);
            foreach (var (name, model, format, tp, rates) in new[]
            {
                ("chat-8b", ModelId.Llama31Instruct8B, Quantization.Bf16, 1, new[] { 1.0, 4, 8 }),
                ("chat-8b-tp2", ModelId.Llama31Instruct8B, Quantization.Bf16, 2, new[] { 2.0, 6, 12 }),
                ("rag-70b", ModelId.Llama33Instruct70B, Quantization.Fp8, 4, new[] { 0.5, 2, 4 }),
            })
            {
                foreach (var rate in rates)
                {
                    var load = new MeasuredOutcome { Id = name, Group = name, Model = model, Quantization = format, Gpu = GpuType.H100, TensorParallel = tp, RequestRate = rate, PromptTokens = 1000, OutputTokens = 200 };
                    var measured = OutcomeCalibrator.Predict(catalog, truth, load, out var failure) ?? throw new InvalidOperationException(failure);
                    await store.AddAsync(new DeploymentOutcome
                    {
                        Deployment = name, Namespace = "llm", Model = model, Quantization = format, Gpu = GpuType.H100, TensorParallel = tp, MeasuredAt = DateTimeOffset.UtcNow,
                        LoadKind = "rate", RequestRate = rate, PromptTokens = 1000, OutputTokens = 200, MeasuredTtftP95 = measured.TtftP95Ms, MeasuredItlP95 = measured.ItlP95Ms,
                        MeasuredE2eP95 = measured.E2eP95Ms, MeasuredTtftMean = measured.TtftMeanMs, MeasuredItlMean = measured.ItlMeanMs, Source = "test",
                    });
                }
            }
        }

        var before = await CliRun.RunAsync("plan", "chatbot for 2000 users", "--gpu", "H100", "--kb", kb);
        var dryRun = await CliRun.RunAsync("db", "calibrate", "--gpu", "H100", "--dry-run", "--kb", kb);
        var calibrate = await CliRun.RunAsync("calibrate", "--gpu", "h100", "--kb", kb);
        var after = await CliRun.RunAsync("plan", "chatbot for 2000 users", "--gpu", "H100", "--kb", kb);

        Assert.Contains("Dry run: nothing was stored.", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, calibrate.ExitCode);
        Assert.Contains("held-back error", calibrate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Activated", calibrate.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("serving refit", before.Stdout, StringComparison.Ordinal);
        Assert.Contains("serving refit: measured (outcome refit on", after.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string> InitializedAsync()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();
        var init = await CliRun.RunAsync("db", "init", "--kb", kb);
        Assert.True(init.ExitCode == ExitCodes.Success, init.Stderr);
        return kb;
    }

    private static CompassDatabase Database(string kb) => new(new CompassPostgresOptions { ConnectionString = kb });

    private Task<CliRun> KubeAsync(string kb, params string[] args) => CliRun.RunAsync([.. args, "--kubeconfig", _kubeconfig, "--kb", kb]);

    private async Task<string> PlanFileAsync()
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 50 users", "--json", "--top", "1");
        var plan = JsonNode.Parse(run.Stdout)!.AsObject();
        var replicas = plan["recommendations"]![0]!["replicas"]!.GetValue<int>();
        plan["traffic"]!["peakQps"] = 20.0 * replicas;
        plan["traffic"]!["promptTokens"] = JsonNode.Parse("""{"kind":"fixed","mean":16,"stdDev":0,"min":16,"max":16}""");
        plan["traffic"]!["outputTokens"] = JsonNode.Parse("""{"kind":"fixed","mean":4,"stdDev":0,"min":4,"max":4}""");
        plan["slo"] = JsonNode.Parse("""{"ttftMs":2000,"itlMs":1000,"e2eMs":8000,"percentile":95}""");
        var predicted = plan["recommendations"]![0]!["predicted"]!.AsObject();
        predicted["ttftMs"] = 50.0;
        predicted["itlMs"] = 5.0;
        predicted["e2eMs"] = 100.0;
        var path = Path.Combine(_dir, "plan.json");
        await File.WriteAllTextAsync(path, plan.ToJsonString());
        return path;
    }
}
