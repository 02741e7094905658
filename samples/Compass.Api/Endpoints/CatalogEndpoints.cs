using Compass.Planning.Service;

namespace Compass.Api.Endpoints;

/// <summary><c>/api/catalog/*</c>: the knowledge base's models, GPUs and use cases, as <c>compass catalog ... --json</c>.</summary>
internal static class CatalogEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog").WithTags("Catalog");
        group.MapGet("/models", async (PlanningService planning, CancellationToken ct) => Json.Ok((await planning.GetCatalogAsync(ct)).Models))
            .WithSummary("The models in the knowledge base");
        group.MapGet("/gpus", async (PlanningService planning, CancellationToken ct) => Json.Ok((await planning.GetCatalogAsync(ct)).Gpus))
            .WithSummary("The GPUs in the knowledge base, with prices");
        group.MapGet("/use-cases", async (PlanningService planning, CancellationToken ct) => Json.Ok((await planning.GetCatalogAsync(ct)).UseCases))
            .WithSummary("The use cases with their SLO templates and workloads");
    }
}
