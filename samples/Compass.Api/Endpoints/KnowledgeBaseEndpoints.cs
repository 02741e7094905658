using System.Text.Json.Nodes;
using Compass.Api.Infrastructure;
using Compass.Postgres;
using Compass.Postgres.Health;

namespace Compass.Api.Endpoints;

/// <summary><c>GET /api/kb/health</c>: the PostgreSQL knowledge base's health report, as <c>compass db health --json</c>.</summary>
internal static class KnowledgeBaseEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/kb/health", async (IServiceProvider services, CancellationToken ct) =>
        {
            var database = services.GetService<CompassDatabase>()
                ?? throw ApiProblemException.NotFound("No knowledge base configured: set Compass:KnowledgeBase (a PostgreSQL connection string) or the COMPASS_KB environment variable. Without one the API uses the embedded knowledge base, which has no health report.");
            var check = services.GetService<KnowledgeHealthCheck>() ?? new KnowledgeHealthCheck(database);
            var report = await check.RunAsync(ct);
            return Json.Ok(report.ToJsonObject(database.Description));
        }).WithTags("Knowledge base").WithSummary("The PostgreSQL knowledge base's health report");
    }
}
