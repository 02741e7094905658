using System.Text.Json.Nodes;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Core;
using Compass.Planning.Engine;
using Compass.Planning.Service;
using Compass.Planning.Simulation;
using Microsoft.Extensions.Options;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/simulate</c>: a continuous-batching simulation of one configuration, bounded in requests.</summary>
internal static class SimulateEndpoints
{
    public const int DefaultSeed = 42;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/simulate", async (SimulateRequest request, PlanningService planning, IOptions<ApiOptions> options, CancellationToken ct) =>
        {
            var catalog = await planning.GetCatalogAsync(ct);
            var (model, gpu, tp, quantization) = ConfigurationResolver.Resolve(catalog, request.Model, request.Gpu, request.TensorParallel, request.Quantization);
            var cap = options.Value.Limits.MaxSimulatedRequests;
            var requests = Fields.Range("requests", request.Requests, 1, cap) ?? Math.Min(1000, cap);
            var prompt = Fields.Read("promptTokens", () => TokenDistribution.Parse(request.PromptTokens ?? "512", TokenLengthRole.Prompt));
            var output = Fields.Read("outputTokens", () => TokenDistribution.Parse(request.OutputTokens ?? "256", TokenLengthRole.Output));
            var seed = Fields.Range("seed", request.Seed, 0, int.MaxValue) ?? DefaultSeed;
            if ((request.Rate is null) == (request.Concurrency is null))
            {
                throw ApiProblemException.Invalid("rate", "Give rate (open loop, requests per second) or concurrency (closed loop, users), not both or neither.");
            }

            if ((long)prompt.Max + output.Max > model.Architecture.MaxContext)
            {
                throw ApiProblemException.Invalid("promptTokens", $"The longest prompt plus the longest output exceed {model.Id}'s {model.Architecture.MaxContext}-token context window.");
            }

            var profile = Fields.Read("model", () => EngineProfiles.Create(catalog, model, quantization, gpu, tp));
            var simulation = new SimulationOptions { Profile = profile, Replicas = Fields.Range("replicas", request.Replicas, 1, 64) ?? 1 };
            var result = await Task.Run(
                () => Fields.Read("rate", () => request.Rate is { } rate
                    ? ServingSimulator.Run(new WorkloadSpec { RatePerSecond = Fields.Range("rate", rate, 0.001, 1e6)!.Value, PromptTokens = prompt, OutputTokens = output, Requests = requests }, seed, simulation)
                    : ServingSimulator.Run(new ClosedLoopSpec { Concurrency = Fields.Range("concurrency", request.Concurrency, 1, 10_000)!.Value, PromptTokens = prompt, OutputTokens = output, Requests = requests }, seed, simulation)),
                ct);
            var summary = Json.Node(result).AsObject();
            summary.Remove("requests");
            return Json.Ok(new JsonObject
            {
                ["model"] = model.Id.Value,
                ["gpu"] = gpu.Type.Value,
                ["tensorParallel"] = tp,
                ["quantization"] = quantization.Value,
                ["seed"] = seed,
                ["requests"] = requests,
                ["result"] = summary,
            });
        }).WithTags("Engine").WithSummary("Simulate one configuration under load (requests capped by Compass:Limits:MaxSimulatedRequests)");
    }
}
