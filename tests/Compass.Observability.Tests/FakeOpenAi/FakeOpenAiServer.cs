using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compass.Observability.Tests.FakeOpenAi;

/// <summary>
/// An OpenAI-compatible streaming server on 127.0.0.1 (Kestrel, a free port) whose answers follow a script per request:
/// delays before the first token and between tokens, HTTP errors, truncated streams, junk. It records what it received,
/// when, and the most requests it had in flight at once. <c>/metrics</c> returns <see cref="MetricsText"/>.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _inFlight;
    private int _maxInFlight;

    private FakeOpenAiServer(WebApplication app, Func<JsonObject, int, FakeScript> script)
    {
        _app = app;
        Script = script;
    }

    /// <summary>Gets the base URL, e.g. http://127.0.0.1:12345.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets or sets the script: request body and request number (from 0) to answer.</summary>
    public Func<JsonObject, int, FakeScript> Script { get; set; }

    /// <summary>Gets or sets the text served at /metrics (null for 404).</summary>
    public Func<string>? MetricsText { get; set; }

    /// <summary>Gets the request bodies received, in arrival order.</summary>
    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    /// <summary>Gets the paths requested.</summary>
    public ConcurrentQueue<string> Paths { get; } = new();

    /// <summary>Gets when each completion request arrived, in seconds since the server started.</summary>
    public ConcurrentQueue<double> Arrivals { get; } = new();

    /// <summary>Gets the most requests in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private int _count;

    /// <summary>Starts a server.</summary>
    public static async Task<FakeOpenAiServer> StartAsync(Func<JsonObject, int, FakeScript>? script = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app, script ?? ((_, _) => new FakeScript()));
        app.MapPost("/v1/completions", context => server.HandleAsync(context, chat: false));
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, chat: true));
        app.MapGet("/metrics", async context =>
        {
            if (server.MetricsText is not { } text)
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(text());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, bool chat)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int seen;
        do
        {
            seen = Volatile.Read(ref _maxInFlight);
        }
        while (inFlight > seen && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen);

        try
        {
            Arrivals.Enqueue(_clock.Elapsed.TotalSeconds);
            Paths.Enqueue(context.Request.Path);
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            Bodies.Enqueue(body);
            var script = Script(body, Interlocked.Increment(ref _count) - 1);
            var ct = context.RequestAborted;
            if (script.Status != 200)
            {
                context.Response.StatusCode = script.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$$"""{"error":{"message":"scripted {{{script.Status}}}","code":{{{script.Status}}}}}""", ct);
                return;
            }

            if (script.Junk is { } junk)
            {
                context.Response.ContentType = script.JunkContentType;
                await context.Response.WriteAsync(junk, ct);
                return;
            }

            context.Response.ContentType = "text/event-stream";
            var tokens = script.Tokens ?? body["max_tokens"]!.GetValue<int>();
            if (chat)
            {
                await Send(context, """{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""", ct);
            }

            await Task.Delay(script.FirstTokenDelay, ct);
            for (var i = 0; i < tokens; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(script.TokenDelay, ct);
                }

                if (script.TruncateAfter is { } cut && i >= cut)
                {
                    return;
                }

                var piece = JsonSerializer.Serialize(" t" + i.ToString(CultureInfo.InvariantCulture));
                await Send(context, chat
                    ? $$$"""{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":{{{piece}}}}}]}"""
                    : $$$"""{"id":"c","object":"text_completion","choices":[{"index":0,"text":{{{piece}}}}]}""", ct);
                if (i == 0 && script.MidStreamError is { } error)
                {
                    await Send(context, $$$"""{"error":{"message":{{{JsonSerializer.Serialize(error)}}}}}""", ct);
                    return;
                }
            }

            if (script.IncludeUsage)
            {
                var prompt = chat ? 10 : 12;
                await Send(context, $$$"""{"id":"c","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{tokens}}},"total_tokens":{{{prompt + tokens}}}}}""", ct);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", ct);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task Send(HttpContext context, string json, CancellationToken ct)
    {
        await context.Response.WriteAsync("data: " + json + "\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
