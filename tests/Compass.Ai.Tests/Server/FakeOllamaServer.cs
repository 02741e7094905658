using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compass.Ai.Tests.Server;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 (Kestrel, a free port) that speaks Ollama's <c>/api/chat</c>: streaming NDJSON
/// or one JSON body as the request's <c>stream</c> asks, a <c>format</c> of "json" or a schema object (anything else
/// is rejected with 400 as Ollama does), and scripted answers. Every request is recorded.
/// </summary>
public sealed class FakeOllamaServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<RecordedChatRequest> _requests = new();
    private WebApplication? _app;
    private volatile Func<RecordedChatRequest, ScriptedReply> _script = _ => ScriptedReply.Error(500, "no script");

    /// <summary>Gets the server's base address.</summary>
    public Uri Uri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Gets the requests received since the last script was set, oldest first.</summary>
    public IReadOnlyList<RecordedChatRequest> Requests => [.. _requests];

    /// <summary>Sets how requests are answered and forgets earlier requests.</summary>
    /// <param name="script">Picks the reply for a request.</param>
    public void Script(Func<RecordedChatRequest, ScriptedReply> script)
    {
        _requests.Clear();
        _script = script;
    }

    /// <summary>Answers every request the same way and forgets earlier requests.</summary>
    /// <param name="reply">The reply.</param>
    public void Reply(ScriptedReply reply) => Script(_ => reply);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/", () => "Ollama is running");
        _app.MapPost("/api/chat", ChatAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Uri = new Uri(address);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task ChatAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            await ScriptedReply.Error(400, "invalid request body").WriteAsync(context, new RecordedChatRequest { Model = string.Empty, Stream = false, Messages = [], Body = default });
            return;
        }

        using (document)
        {
            var request = RecordedChatRequest.From(document.RootElement);
            _requests.Enqueue(request);
            if (!request.FormatIsValid)
            {
                await ScriptedReply.Error(400, "invalid format: expected \"json\" or a valid JSON schema").WriteAsync(context, request);
                return;
            }

            await _script(request).WriteAsync(context, request);
        }
    }
}
