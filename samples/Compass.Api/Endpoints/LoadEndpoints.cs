using System.Text.Json.Nodes;
using System.Threading.Channels;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;
using Compass.Observability.Validation;
using Compass.Postgres;
using Compass.Postgres.Feedback;
using Microsoft.Extensions.Options;

namespace Compass.Api.Endpoints;

/// <summary>
/// <c>POST /api/loadtest</c> and <c>POST /api/validate</c>: load an OpenAI-compatible endpoint (http(s) only), bounded in
/// duration, streaming progress as server-sent events when asked; cancelled when the client goes away.
/// </summary>
internal static partial class LoadEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loadtest", (LoadTestRequest request, HttpContext context, IOptions<ApiOptions> options) =>
        {
            var limits = options.Value.Limits;
            var url = Url(request.Url, limits);
            if (string.IsNullOrWhiteSpace(request.Model))
            {
                throw ApiProblemException.Invalid("model", "model is required: the served model name (as in the server's /v1/models).");
            }

            var load = new LoadTestOptions
            {
                Endpoint = url,
                Model = request.Model,
                Profile = Profile(request),
                PromptTokens = Fields.Read("promptTokens", () => TokenDistribution.Parse(request.PromptTokens ?? "512", TokenLengthRole.Prompt)),
                OutputTokens = Fields.Read("outputTokens", () => TokenDistribution.Parse(request.OutputTokens ?? "256", TokenLengthRole.Output)),
                Api = request.Chat == true ? LoadApi.ChatCompletions : LoadApi.Completions,
                DurationSeconds = Fields.Range("durationSeconds", request.DurationSeconds, 0.1, limits.MaxLoadTestSeconds) ?? Math.Min(30, limits.MaxLoadTestSeconds),
                MaxRequests = Fields.Range("requests", request.Requests, 1, 100_000),
                Seed = Fields.Range("seed", request.Seed, 0, int.MaxValue) ?? 42,
            };
            return RunAsync(context, async (tester, progress, ct) =>
            {
                var report = await tester.RunAsync(load, progress, ct);
                return JsonNode.Parse(GuideLlmReport.ToJson(report, includeRequests: false))!;
            });
        }).WithTags("Load").WithSummary("Load-test an OpenAI-compatible endpoint (Accept: text/event-stream streams progress)");

        app.MapPost("/api/validate", (ValidateRequest request, HttpContext context, IOptions<ApiOptions> options) =>
        {
            var limits = options.Value.Limits;
            var url = Url(request.Url, limits);
            if (request.Model is not null && string.IsNullOrWhiteSpace(request.Model))
            {
                throw ApiProblemException.Invalid("model", "model is empty; give the served model name, e.g. \"meta-llama/Llama-3.1-8B-Instruct\", or leave it out to use the recommendation's checkpoint.");
            }

            var plan = ManifestRunner.ReadPlan(new ManifestRequest { Plan = request.Plan });
            var recommendation = Fields.Read("rank", () => PlanValidation.Recommendation(plan, Fields.Range("rank", request.Rank, 1, 1000) ?? 1));
            var load = PlanValidation.LoadTest(
                plan, recommendation, url, request.Model,
                Fields.Range("durationSeconds", request.DurationSeconds, 0.1, limits.MaxLoadTestSeconds) ?? Math.Min(60, limits.MaxLoadTestSeconds),
                Fields.Range("requests", request.Requests, 1, 100_000), Fields.Range("seed", request.Seed, 0, int.MaxValue) ?? 42) with
            {
                Api = request.Chat == true ? LoadApi.ChatCompletions : LoadApi.Completions,
            };
            return RunAsync(context, async (tester, progress, ct) =>
            {
                var report = await PlanValidation.ValidateAsync(tester, plan, recommendation, load, progress, cancellationToken: ct);
                var json = Json.Node(report);
                await StoreOutcomeAsync(context, plan, report, json, ct);
                return json;
            });
        }).WithTags("Load").WithSummary("Check a plan's SLOs and predictions against a load test of its endpoint");
    }

    // With a knowledge base configured, the measurement is kept next to the prediction (as compass validate --kb does),
    // so that calibration can learn from it; a failed write is reported in the response, never hides the measurement.
    private static async Task StoreOutcomeAsync(HttpContext context, Plan plan, ValidationReport report, JsonNode json, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<OutcomeStore>() is not { } outcomes)
        {
            return;
        }

        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var outcome = ValidationOutcome.From(plan, report, "POST /api/validate", json.ToJsonString(CompassJson.Options), time.GetUtcNow());
        try
        {
            json["outcomeId"] = await outcomes.AddAsync(outcome, cancellationToken);
        }
        catch (CompassDatabaseException ex)
        {
            LogOutcomeNotStored(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoadEndpoints)), ex);
            json["outcomeError"] = "The measurement was not stored in the knowledge base: " + ex.Message.ReplaceLineEndings(" ");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The validation outcome could not be stored in the knowledge base")]
    private static partial void LogOutcomeNotStored(ILogger logger, Exception exception);

    private static Uri Url(string? text, LimitSettings limits)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw ApiProblemException.Invalid("url", $"url must be an http(s) URL such as http://localhost:8000 (got '{text}').");
        }

        if (!LoadTargets.Allowed(url, limits.LoadTestHosts))
        {
            throw new ApiProblemException(
                StatusCodes.Status403Forbidden,
                "Load target not allowed",
                $"This server sends load only to loopback and the hosts in Compass:Limits:LoadTestHosts; '{url.Host}' is not one of them. Add it (or a '*.suffix' pattern) to that setting to allow it.",
                "url");
        }

        return url;
    }

    private static LoadProfile Profile(LoadTestRequest request)
    {
        var name = request.Profile?.Trim().ToUpperInvariant();
        return name switch
        {
            "SYNCHRONOUS" => LoadProfile.Synchronous(),
            "THROUGHPUT" => LoadProfile.Throughput(),
            "CONCURRENT" => LoadProfile.Concurrent(Fields.Range("concurrency", request.Concurrency, 1, 10_000)
                ?? throw ApiProblemException.Invalid("concurrency", "profile concurrent needs concurrency, the requests kept in flight.")),
            "CONSTANT" or "POISSON" => Rate(name, Fields.Range("rate", request.Rate, 0.001, 1e6)
                ?? throw ApiProblemException.Invalid("rate", $"profile {request.Profile} needs rate, in requests per second.")),
            _ => throw ApiProblemException.Invalid("profile", $"profile must be one of synchronous, concurrent, throughput, constant, poisson (got '{request.Profile}')."),
        };
    }

    private static LoadProfile Rate(string name, double rate) => name == "CONSTANT" ? LoadProfile.Constant(rate) : LoadProfile.Poisson(rate);

    // Runs a load against the endpoint: as JSON, or as server-sent events with one progress event per update.
    private static async Task<IResult> RunAsync(HttpContext context, Func<LoadTester, IProgress<LoadProgress>?, CancellationToken, Task<JsonNode>> work)
    {
        using var http = new LoadTesterOptions().CreateHttpClient();
        var tester = new LoadTester(http, context.RequestServices.GetRequiredService<TimeProvider>());
        if (!ServerSentEvents.Wanted(context.Request))
        {
            return Json.Ok(await Guarded(() => work(tester, null, context.RequestAborted)));
        }

        await ServerSentEvents.RunAsync(context, async (emit, ct) =>
        {
            var channel = Channel.CreateUnbounded<LoadProgress>(new UnboundedChannelOptions { SingleReader = true });
            var pump = Task.Run(
                async () =>
                {
                    await foreach (var p in channel.Reader.ReadAllAsync(ct))
                    {
                        await emit("loading", FormattableString.Invariant(
                            $"benchmark {p.Benchmark}/{p.Benchmarks} {p.Strategy}: {p.ElapsedSeconds:0.0}s, {p.Successful} ok, {p.Errored} errors, {p.InFlight} in flight, {p.RequestsPerSecond:0.##} req/s"));
                    }
                },
                ct);
            try
            {
                await emit("starting", "Loading the endpoint");
                return await Guarded(() => work(tester, new ChannelProgress(channel.Writer), ct));
            }
            finally
            {
                channel.Writer.TryComplete();
                await pump;
            }
        });
        return Results.Empty;
    }

    private static async Task<JsonNode> Guarded(Func<Task<JsonNode>> work)
    {
        try
        {
            return await work();
        }
        catch (LoadTestException ex)
        {
            throw new ApiProblemException(StatusCodes.Status502BadGateway, "Load test failed", ex.Message.ReplaceLineEndings(" "), "url", innerException: ex);
        }
    }

    private sealed class ChannelProgress(ChannelWriter<LoadProgress> writer) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => writer.TryWrite(value);
    }
}
