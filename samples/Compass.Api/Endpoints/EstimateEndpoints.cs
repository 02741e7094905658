using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Service;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/estimate</c>: physics step times and memory for one configuration, as <c>compass estimate --json</c>.</summary>
internal static class EstimateEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/estimate", async (EstimateRequest request, PlanningService planning, CancellationToken ct) =>
        {
            var catalog = await planning.GetCatalogAsync(ct);
            var (model, gpu, tp, quantization) = ConfigurationResolver.Resolve(catalog, request.Model, request.Gpu, request.TensorParallel, request.Quantization);
            var kvDtype = request.KvCacheDtype is { } kv ? Fields.Read("kvCacheDtype", () => KvCacheFormat.Parse(kv)) : KvCacheFormat.Auto;
            var batch = Fields.Range("batch", request.Batch, 1, 4096) ?? 1;
            var prompt = Fields.Range("promptTokens", request.PromptTokens, 1, 10_000_000) ?? 1024;
            var context = Fields.Range("contextTokens", request.ContextTokens, 1, 10_000_000) ?? 1024;
            if (Math.Max(prompt, context) > model.Architecture.MaxContext)
            {
                throw ApiProblemException.Invalid(
                    prompt > model.Architecture.MaxContext ? "promptTokens" : "contextTokens",
                    $"{model.Id} has a {model.Architecture.MaxContext}-token context window; promptTokens and contextTokens must not exceed it.");
            }

            var estimate = Fields.Read("model", () => ConfigurationEstimator.Estimate(catalog, model, quantization, gpu, tp, kvDtype, batch, prompt, context));
            return Json.Ok(estimate.ToJsonObject());
        }).WithTags("Engine").WithSummary("Physics step times and memory for one configuration");
    }
}
