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
}
