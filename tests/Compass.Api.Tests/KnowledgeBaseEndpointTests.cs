using System.Net;
using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Postgres;
using Compass.Postgres.Knowledge;
using Compass.Postgres.Tests;

namespace Compass.Api.Tests;

/// <summary><c>/api/kb/health</c> and readiness against a throwaway PostgreSQL.</summary>
public sealed class KnowledgeBaseEndpointTests
{
    [PostgresFact]
    public async Task KnowledgeBaseHealth_WithPostgres_ReturnsTheReport()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using (var database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = connectionString }))
        {
            await database.MigrateAsync();
            await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, TimeProvider.System);
        }

        await using var api = ApiFactory.With(("Compass:KnowledgeBase", connectionString));
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/kb/health");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(report["healthy"]);
        Assert.NotNull(report["findings"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.NotEmpty(JsonNode.Parse(await client.GetStringAsync("/api/catalog/gpus"))!.AsArray());
    }

    [PostgresFact]
    public async Task Validate_WithPostgres_StoresTheOutcome_MeasuredNextToPredicted()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using (var database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = connectionString }))
        {
            await database.MigrateAsync();
            await KnowledgeSeeder.SeedAsync(database, EmbeddedKnowledgeBase.Catalog, TimeProvider.System);
        }

        await using var api = ApiFactory.With(("Compass:KnowledgeBase", connectionString));
        await using var server = await Compass.Observability.Tests.FakeOpenAi.FakeOpenAiServer.StartAsync();
        var (_, plan) = await api.PostAsync("/api/plan", """{ "description": "chatbot for 50 users", "top": 1 }""");
        var body = new JsonObject { ["url"] = server.BaseUri.ToString(), ["plan"] = plan, ["model"] = "fake", ["durationSeconds"] = 1 };

        var (response, report) = await api.PostAsync("/api/validate", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = report!["outcomeId"]!.GetValue<long>();
        await using var check = new CompassDatabase(new CompassPostgresOptions { ConnectionString = connectionString });
        var stored = Assert.Single(await new Compass.Postgres.Feedback.OutcomeStore(check).ListAsync());
        Assert.Equal(id, stored.Id);
        Assert.Equal("POST /api/validate", stored.Outcome.Source);
        Assert.Equal(plan!["recommendations"]![0]!["gpu"]!.GetValue<string>(), stored.Outcome.Gpu.ToString(), ignoreCase: true);
        Assert.NotNull(stored.Outcome.PredictedTtftP95);
        Assert.NotNull(stored.Outcome.MeasuredTtftP95);
        Assert.Equal(report["passed"]!.GetValue<bool>(), stored.Outcome.SloMet);
    }
}
