using System.Net;
using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Kserve.Tests.Deployment.FakeApiServer;
using Compass.Postgres;
using Compass.Postgres.Feedback;
using Compass.Postgres.Knowledge;
using Compass.Postgres.Tests;

namespace Compass.Api.Tests;

/// <summary>Deployments against the in-process Kubernetes API server, through a generated kubeconfig in Compass:Kubernetes.</summary>
public sealed class DeploymentEndpointTests : IAsyncLifetime
{
    private FakeKubernetes _server = null!;
    private string _dir = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetes.StartAsync();
        _server.Controller.PollsToReady = 1;
        _dir = Directory.CreateTempSubdirectory("compass-api-kube-").FullName;
        _api = ApiFactory.With(("Compass:Kubernetes:Kubeconfig", _server.WriteKubeconfig(_dir)));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, true);
        await _server.DisposeAsync();
    }

    private async Task<JsonNode> DeployAsync(JsonNode plan, int rank, bool dryRun = false)
    {
        var body = new JsonObject
        {
            ["plan"] = plan.DeepClone(),
            ["rank"] = rank,
            ["options"] = new JsonObject { ["name"] = "chat", ["simulator"] = true },
            ["namespace"] = "llm",
            ["createNamespace"] = true,
            ["dryRun"] = dryRun,
        };
        var (response, result) = await _api.PostAsync("/api/deployments", body.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, result?.ToJsonString());
        return result!;
    }

    private bool Exists() => _server.Store.Find(FakeStore.Resource("inferenceservices"), "llm", "chat") is not null;

    [Fact]
    public async Task Deploy_Status_List_Rollback_Delete_WithConfirmation()
    {
        var (_, plan) = await _api.PostAsync("/api/plan", """{ "description": "chatbot for 100 users", "top": 3 }""");
        Assert.True(plan!["recommendations"]!.AsArray().Count >= 2);

        var dry = await DeployAsync(plan, 1, dryRun: true);
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        Assert.False(Exists());

        var first = await DeployAsync(plan, 1);
        Assert.Equal(1, first["revision"]!.GetValue<int>());
        Assert.True(Exists());
        var second = await DeployAsync(plan, plan["recommendations"]![1]!["rank"]!.GetValue<int>());
        Assert.Equal(2, second["revision"]!.GetValue<int>());

        using var client = _api.CreateClient();
        var status = JsonNode.Parse(await client.GetStringAsync("/api/deployments/llm/chat"))!;
        Assert.Equal("chat", status["name"]!.GetValue<string>());
        Assert.Equal(2, status["revision"]!.GetValue<int>());
        var list = JsonNode.Parse(await client.GetStringAsync("/api/deployments?namespace=llm"))!;
        Assert.Contains(list["deployments"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "chat");

        // Without confirm, rollback only says what it would do.
        var (_, preview) = await _api.PostAsync("/api/deployments/llm/chat/rollback", "{}");
        Assert.False(preview!["applied"]!.GetValue<bool>());
        Assert.Equal(1, preview["plan"]!["toRevision"]!.GetValue<int>());
        Assert.Equal(2, JsonNode.Parse(await client.GetStringAsync("/api/deployments/llm/chat"))!["revision"]!.GetValue<int>());

        var (_, rolled) = await _api.PostAsync("/api/deployments/llm/chat/rollback?confirm=chat", "{}");
        Assert.True(rolled!["applied"]!.GetValue<bool>());

        // Without confirm, delete changes nothing and lists what it would delete.
        var preDelete = JsonNode.Parse(await (await client.DeleteAsync("/api/deployments/llm/chat")).Content.ReadAsStringAsync())!;
        Assert.NotEmpty(preDelete["plan"]!["delete"]!.AsArray());
        Assert.Empty(preDelete["deleted"]!.AsArray());
        Assert.True(Exists());

        var wrong = await client.DeleteAsync("/api/deployments/llm/chat?confirm=other");
        ApiFactory.AssertProblem(wrong, JsonNode.Parse(await wrong.Content.ReadAsStringAsync()), 400, "confirm");
        Assert.True(Exists());

        var deleted = JsonNode.Parse(await (await client.DeleteAsync("/api/deployments/llm/chat?confirm=chat")).Content.ReadAsStringAsync())!;
        Assert.NotEmpty(deleted["deleted"]!.AsArray());
        Assert.False(Exists());
    }

    [Fact]
    public async Task Status_UnknownDeployment_Is404ProblemDetails()
    {
        using var client = _api.CreateClient();

        var response = await client.GetAsync("/api/deployments/llm/missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 404);
    }

    [PostgresFact]
    public async Task DeployAndDelete_WithKnowledgeBase_AreAudited()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using var database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = connectionString });
        await database.MigrateAsync();
        await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, TimeProvider.System);
        await using var audited = ApiFactory.With(("Compass:Kubernetes:Kubeconfig", Path.Combine(_dir, "kubeconfig")), ("Compass:KnowledgeBase", connectionString));
        var (_, plan) = await audited.PostAsync("/api/plan", """{ "description": "chatbot for 100 users", "top": 1 }""");
        var body = new JsonObject { ["plan"] = plan, ["options"] = new JsonObject { ["name"] = "chat", ["simulator"] = true }, ["namespace"] = "llm", ["createNamespace"] = true };

        var (deployed, _) = await audited.PostAsync("/api/deployments", body.ToJsonString());
        using var client = audited.CreateClient();
        var preview = await client.DeleteAsync("/api/deployments/llm/chat");
        var deleted = await client.DeleteAsync("/api/deployments/llm/chat?confirm=chat");

        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var entries = (await new AuditLog(database).ListAsync()).Select(r => r.Entry).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains(entries, e => e.Action == AuditAction.Deploy && e.Target == "chat" && e.Namespace == "llm" && e.Result.StartsWith("succeeded", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditAction.Delete && e.Target == "chat" && e.Result.StartsWith("succeeded", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.StartsWith("api:", e.Actor, StringComparison.Ordinal));
    }
}
