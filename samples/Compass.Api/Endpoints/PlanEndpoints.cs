using Compass.Api.Infrastructure;
using Compass.Api.Requests;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/plan</c>: the plan as <c>compass plan --json</c> prints it, or streamed as server-sent events.</summary>
internal static class PlanEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/plan", async (PlanRequest request, HttpContext context, PlanRunner runner) =>
        {
            if (ServerSentEvents.Wanted(context.Request))
            {
                await ServerSentEvents.RunAsync(context, async (progress, ct) =>
                    await runner.ToJsonAsync(await runner.PlanAsync(request.Description, request.Overrides, request.Top, string.Empty, progress, ct), ct));
                return Results.Empty;
            }

            var outcome = await runner.PlanAsync(request.Description, request.Overrides, request.Top, string.Empty, null, context.RequestAborted);
            return Json.Ok(await runner.ToJsonAsync(outcome, context.RequestAborted));
        }).WithTags("Planning").WithSummary("Plan a deployment (Accept: text/event-stream streams progress, then the result)");
    }
}
