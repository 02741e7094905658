using System.Globalization;
using Compass.Simulator.Engine;
using Compass.Simulator.Faults;
using Compass.Simulator.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compass.Simulator.Protocol;

/// <summary>
/// Serves <c>/v1/completions</c> and <c>/v1/chat/completions</c>: checks, plans the answer, admits the request to the
/// live engine and writes each token when the engine emits it (SSE when streaming). A client that goes away mid-request
/// is cancelled in the engine at once, freeing its sequence and KV blocks.
/// </summary>
internal sealed partial class CompletionHandler(
    SimulatorEngine engine,
    FaultInjector faults,
    IOptions<CompassSimulatorOptions> options,
    TimeProvider time,
    ILogger<CompletionHandler> logger)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private readonly ResponseGenerator _generator = new(
        options.Value.ResponseMode, options.Value.UseCase, options.Value.Seed, engine.Deployment.CannedOutputTokens);

    private long _sequence;

    public async Task HandleAsync(HttpContext context, bool chat)
    {
        try
        {
            await ServeAsync(context, chat).ConfigureAwait(false);
        }
        catch (OpenAiException e)
        {
            await OpenAiErrors.WriteAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the engine has already let the request go.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailure(logger, e);
            await OpenAiErrors.WriteAsync(context, new OpenAiException(500, "The simulator failed to serve the request.", "server_error")).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A completion request failed")]
    private static partial void LogFailure(ILogger logger, Exception exception);

    private async Task ServeAsync(HttpContext context, bool chat)
    {
        var deployment = engine.Deployment;
        if (!engine.IsReady)
        {
            throw new OpenAiException(503, "The model is still loading.", "service_unavailable");
        }

        if (faults.Draw(context.Request) is { } fault)
        {
            throw fault;
        }

        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var request = CompletionRequestParser.Parse(body, chat);
        if (request.Model is { } model && !string.Equals(model, deployment.ModelName, StringComparison.Ordinal))
        {
            throw new OpenAiException(404, $"The model `{model}` does not exist.", "invalid_request_error", "model", "model_not_found");
        }

        var promptTokens = Math.Max(1, (request.PromptTokenIds ?? ApproximateTokenizer.Count(request.PromptText)) + request.TemplateTokens);
        var maxLen = deployment.MaxModelLen;
        if (promptTokens >= maxLen || (request.MaxTokens is { } requested && promptTokens + requested > maxLen))
        {
            var asked = request.MaxTokens ?? 0;
            throw OpenAiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture,
                    $"This model's maximum context length is {maxLen} tokens. However, you requested {promptTokens + asked} tokens ({promptTokens} in the messages, {asked} in the completion). Please reduce the length of the messages or completion."),
                chat ? "messages" : "prompt");
        }

        var maxTokens = request.MaxTokens ?? (maxLen - promptTokens);
        var planned = _generator.Plan(request.EchoText, maxTokens, request.IgnoreEos, request.Stop);
        var outputTokens = planned.Tokens.Count;
        if (!engine.CanEverFit(promptTokens, outputTokens))
        {
            throw OpenAiException.BadRequest($"The request ({promptTokens} + {outputTokens} tokens) can never fit the KV cache.", chat ? "messages" : "prompt");
        }

        var live = engine.TrySubmit(promptTokens, outputTokens, planned.FinishReason);
        if (live is null)
        {
            var status = options.Value.QueueFullStatusCode;
            throw new OpenAiException(status, "The server is overloaded: too many requests are waiting.", OpenAiException.TypeFor(status), null, "queue_full");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{(chat ? "chatcmpl" : "cmpl")}-{Interlocked.Increment(ref _sequence):x12}");
        var writer = new ResponseWriter(chat, id, time.GetUtcNow().ToUnixTimeSeconds(), deployment.ModelName);
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, live, planned, writer, request.IncludeUsage, promptTokens).ConfigureAwait(false);
            }
            else
            {
                await foreach (var _ in live.Tokens.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
                {
                }

                context.RequestAborted.ThrowIfCancellationRequested();
                context.Response.ContentType = "application/json";
                var full = writer.Full(planned.Text, planned.FinishReason, promptTokens, outputTokens);
                await context.Response.Body.WriteAsync(full, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            engine.Cancel(live);
        }
    }

    private static async Task StreamAsync(HttpContext context, LiveRequest live, PlannedOutput planned, ResponseWriter writer, bool includeUsage, int promptTokens)
    {
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);    // headers out now, as vLLM does, even while queued
        if (writer.IsChat)
        {
            await SendAsync(response, writer.Chunk(string.Empty, role: true, null, includeUsage), ct).ConfigureAwait(false);
        }

        var sent = 0;
        await foreach (var token in live.Tokens.ReadAllAsync(ct).ConfigureAwait(false))
        {
            sent = token.Generated;
            var finish = token.Finished ? planned.FinishReason : null;
            await SendAsync(response, writer.Chunk(planned.Tokens[token.Generated - 1], role: false, finish, includeUsage), ct).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        if (includeUsage)
        {
            await SendAsync(response, writer.UsageChunk(promptTokens, sent), ct).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(Done, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpResponse response, byte[] json, CancellationToken ct)
    {
        await response.Body.WriteAsync(DataPrefix, ct).ConfigureAwait(false);
        await response.Body.WriteAsync(json, ct).ConfigureAwait(false);
        await response.Body.WriteAsync(EventEnd, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
