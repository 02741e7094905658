using System.Text.Json;
using Compass.Simulator.Engine;
using Compass.Simulator.Metrics;
using Compass.Simulator.Protocol;
using Compass.Simulator.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Compass simulator's vLLM-compatible endpoints onto an ASP.NET Core app.</summary>
public static class CompassSimulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /v1/models</c>, <c>POST /v1/completions</c>, <c>POST /v1/chat/completions</c>, <c>GET /health</c>,
    /// <c>GET /health/ready</c> and <c>GET /metrics</c>. Requires <c>services.AddCompassSimulator(...)</c>. With
    /// <see cref="Compass.Simulator.CompassSimulatorOptions.ApiKey"/> set, <c>/v1/*</c> needs <c>Authorization: Bearer KEY</c>.
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder.</param>
    /// <returns>A builder for the group of mapped endpoints (to add conventions such as authorization).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><c>AddCompassSimulator</c> was not called.</exception>
    public static RouteGroupBuilder MapCompassSimulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<CompletionHandler>() is null)
        {
            throw new InvalidOperationException("Call services.AddCompassSimulator(...) before app.MapCompassSimulator().");
        }

        var group = endpoints.MapGroup(string.Empty);
        // As in vLLM, only the API needs the key; probes and scrapers reach /health and /metrics without it.
        // Counted first (outermost), so refusals by the key check count too, as vLLM's instrumentator counts every answer.
        var api = group.MapGroup("/v1").AddEndpointFilter(CountRequest).AddEndpointFilter<ApiKeyFilter>();
        api.MapGet("/models", ListModels);
        api.MapPost("/completions", (HttpContext context, CompletionHandler handler) => handler.HandleAsync(context, chat: false));
        api.MapPost("/chat/completions", (HttpContext context, CompletionHandler handler) => handler.HandleAsync(context, chat: true));
        // vLLM answers nothing until its model is loaded, so both health checks fail during the startup delay: the
        // generated manifests probe /health.
        group.MapGet("/health", (SimulatorEngine engine) => engine.IsReady ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        group.MapGet("/health/ready", (SimulatorEngine engine) => engine.IsReady
            ? Results.Text("ready", "text/plain")
            : Results.Text("loading", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable));
        group.MapGet("/metrics", (SimulatorEngine engine, SimulatorMetrics metrics)
            => Results.Text(metrics.Write(engine.Snapshot()), "text/plain; version=0.0.4; charset=utf-8"));
        return group;
    }

    // vLLM's http_requests_total: the status is read once the response has been sent, so a stream's 200 and a late
    // failure's 5xx are both counted as the client saw them.
    private static ValueTask<object?> CountRequest(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var metrics = http.RequestServices.GetRequiredService<SimulatorMetrics>();
        var handler = http.Request.Path.Value ?? string.Empty;
        var method = http.Request.Method;
        http.Response.OnCompleted(() =>
        {
            metrics.OnHttpRequest(handler, method, http.Response.StatusCode);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static IResult ListModels(SimulatorEngine engine, TimeProvider time)
    {
        var d = engine.Deployment;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("id", d.ModelName);
            w.WriteString("object", "model");
            w.WriteNumber("created", time.GetUtcNow().ToUnixTimeSeconds());
            w.WriteString("owned_by", "compass-simulator");
            w.WriteString("root", d.ModelName);
            w.WriteNull("parent");
            w.WriteNumber("max_model_len", d.MaxModelLen);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Results.Bytes(stream.ToArray(), "application/json");
    }
}
