using Compass.Core;
using Compass.Postgres.Feedback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Postgres.Tests.Feedback;

public sealed class FeedbackStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    internal static DeploymentOutcome Outcome(Guid? plan = null) => new()
    {
        Deployment = "chat-llama",
        Namespace = "llm",
        PlanId = plan,
        Model = ModelId.Llama31Instruct8B,
        Quantization = Quantization.Bf16,
        Gpu = GpuType.H100,
        TensorParallel = 1,
        Replicas = 1,
        EngineVersion = "vllm 0.11.0",
        MeasuredAt = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.FromHours(1)),
        LoadKind = "rate",
        RequestRate = 4.5,
        PromptTokens = 1024,
        OutputTokens = 256,
        PredictedTtftP95 = 120,
        MeasuredTtftP95 = 150.5,
        PredictedItlP95 = 12,
        MeasuredItlP95 = 13.25,
        PredictedE2eP95 = 3200,
        MeasuredE2eP95 = 3500,
        MeasuredTtftMean = 90,
        MeasuredItlMean = 11,
        MeasuredRequestsPerSecond = 4.4,
        MeasuredOutputTokensPerSecond = 1126.4,
        SloMet = true,
        Source = "compass validate",
        ReportJson = """{"passed": true}""",
    };

    [PostgresFact]
    public async Task Outcomes_RoundTrip_AndFilterByGpu()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var plan = await new PlanStore(database).SaveAsync("p", "d", "{}");
        var store = new OutcomeStore(database);
        var outcome = Outcome(plan);

        var id = await store.AddAsync(outcome);
        await store.AddAsync(outcome with { Gpu = GpuType.Parse("A100-80"), LoadKind = "concurrency", RequestRate = null, Concurrency = 8, ReportJson = null, SloMet = null });
        var all = await store.ListAsync();
        var h100 = await store.ListAsync(GpuType.H100);

        Assert.Equal(2, all.Count);
        var read = Assert.Single(h100);
        Assert.Equal(id, read.Id);
        Assert.Equal(outcome with { MeasuredAt = outcome.MeasuredAt.ToUniversalTime(), ReportJson = read.Outcome.ReportJson }, read.Outcome);
        Assert.Equal(TimeSpan.Zero, read.Outcome.MeasuredAt.Offset);
        Assert.Contains("\"passed\": true", read.Outcome.ReportJson, StringComparison.Ordinal);
        var closed = all.Single(o => o.Outcome.Concurrency == 8).Outcome;
        Assert.Null(closed.RequestRate);
        Assert.Null(closed.SloMet);
        Assert.Null(closed.ReportJson);
    }

    [Fact]
    public void Outcome_ToMeasured_GroupsByDeployment_AndKeepsTheLoad()
    {
        var stored = new StoredOutcome(17, Outcome());

        var measured = stored.ToMeasuredOutcome();

        Assert.Equal("17", measured.Id);
        Assert.Equal("llm/chat-llama", measured.Group);
        Assert.Equal(4.5, measured.RequestRate);
        Assert.Null(measured.Concurrency);
        Assert.Equal(150.5, measured.TtftP95Ms);
        Assert.Equal(11, measured.ItlMeanMs);
    }

    [PostgresFact]
    public async Task Outcome_WithAnUnsavedPlan_IsRefused_SayingToSaveThePlan()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => new OutcomeStore(database).AddAsync(Outcome(Guid.NewGuid())));

        Assert.Contains("Save the plan first", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Outcome_WithoutALoad_IsRefused()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => new OutcomeStore(database).AddAsync(Outcome() with { RequestRate = null }));
        await Assert.ThrowsAsync<ArgumentException>(() => new OutcomeStore(database).AddAsync(Outcome() with { LoadKind = "burst" }));
    }

    [PostgresFact]
    public async Task Plans_RoundTrip_NewestFirst()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var clock = new FakeTimeProvider(Now);
        var store = new PlanStore(database, clock);

        var first = await store.SaveAsync("chat", "the chatbot", """{"recommendations": [{"rank": 1}]}""");
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await store.SaveAsync("rag", "", "{}");
        var read = await store.GetAsync(first);
        var list = await store.ListAsync();

        Assert.NotNull(read);
        Assert.Equal(("chat", "the chatbot", Now), (read.Name, read.Description, read.CreatedAt));
        Assert.Equal("""{"recommendations": [{"rank": 1}]}""", read.PlanJson);
        Assert.Equal([second, first], list.Select(p => p.Id));
        Assert.Null(await store.GetAsync(Guid.NewGuid()));
    }

    [PostgresFact]
    public async Task Plan_ThatIsNotJson_IsRefused()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => new PlanStore(database).SaveAsync("x", "", "not json"));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Deployments_AreUpsertedByContextNamespaceAndName_AndRemoved()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var clock = new FakeTimeProvider(Now);
        var plan = await new PlanStore(database, clock).SaveAsync("p", "", "{}");
        var store = new DeploymentStore(database, clock);
        var record = new DeploymentRecord("kind-dev", "llm", "chat") { PlanId = plan, Model = ModelId.Llama31Instruct8B, Quantization = Quantization.Bf16, Gpu = GpuType.H100, TensorParallel = 1, Replicas = 2 };

        await store.RecordAsync(record);
        clock.Advance(TimeSpan.FromHours(1));
        await store.RecordAsync(record with { Replicas = 4 });
        await store.RecordAsync(new DeploymentRecord("", "llm", "chat"));
        var list = await store.ListAsync();

        Assert.Equal(2, list.Count);
        Assert.Equal(new DeploymentRecord("", "llm", "chat") { RecordedAt = Now.AddHours(1) }, list[0]);
        Assert.Equal(record with { Replicas = 4, RecordedAt = Now.AddHours(1) }, list[1]);
        Assert.True(await store.RemoveAsync("kind-dev", "llm", "chat"));
        Assert.False(await store.RemoveAsync("kind-dev", "llm", "chat"));
        Assert.Single(await store.ListAsync());
    }

    [PostgresFact]
    public async Task AuditLog_KeepsWhoWhatWhenAndResult_NewestFirst()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var clock = new FakeTimeProvider(Now);
        var log = new AuditLog(database, clock);

        var first = await log.WriteAsync(new AuditEntry("ana@laptop", AuditAction.Deploy, "chat", "llm", "kind-dev", "ok", """{"revision": 1}"""));
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(new AuditEntry("ana@laptop", AuditAction.Rollback, "chat", "llm", "kind-dev", "failed: revision 0 not found", null));
        clock.Advance(TimeSpan.FromMinutes(1));
        await log.WriteAsync(new AuditEntry("bo@ci", AuditAction.Delete, "chat", "llm", "", "ok", null));
        var entries = await log.ListAsync();
        var newest = await log.ListAsync(limit: 1);

        Assert.Equal([AuditAction.Delete, AuditAction.Rollback, AuditAction.Deploy], entries.Select(e => e.Entry.Action));
        var deploy = entries[^1];
        Assert.Equal(first, deploy.Id);
        Assert.Equal(Now, deploy.At);
        Assert.Equal(new AuditEntry("ana@laptop", AuditAction.Deploy, "chat", "llm", "kind-dev", "ok", """{"revision": 1}"""), deploy.Entry);
        Assert.Equal("bo@ci", Assert.Single(newest).Entry.Actor);
    }

    [Fact]
    public void CurrentActor_IsUserAtHost()
    {
        Assert.Equal($"{Environment.UserName}@{Environment.MachineName}", AuditLog.CurrentActor());
    }

    [Fact]
    public void AddCompassPostgres_RegistersTheFeedbackServices_AsSingletons()
    {
        using var provider = new ServiceCollection()
            .AddCompassPostgres("Host=localhost;Database=compass;Username=compass")
            .BuildServiceProvider();

        Assert.Same(provider.GetService(typeof(PlanStore)), provider.GetService(typeof(PlanStore)));
        Assert.NotNull(provider.GetService(typeof(DeploymentStore)));
        Assert.NotNull(provider.GetService(typeof(OutcomeStore)));
        Assert.NotNull(provider.GetService(typeof(AuditLog)));
        Assert.NotNull(provider.GetService(typeof(Compass.Postgres.Health.KnowledgeHealthCheck)));
    }
}
