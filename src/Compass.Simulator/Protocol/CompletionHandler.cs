using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Compass.Simulator.Engine;
using Compass.Simulator.Faults;
using Compass.Simulator.Metrics;
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
    SimulatorMetrics metrics,
    IOptions<CompassSimulatorOptions> options,
    TimeProvider time,
    ILogger<CompletionHandler> logger)
{
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
        catch (BadHttpRequestException e)
        {
            // The host server refused the request while its body was read (its own size limit, a malformed chunk, a
            // client sending too slowly): the client's fault, answered as such.
            var status = e.StatusCode;
            var error = status == StatusCodes.Status413PayloadTooLarge
                ? new OpenAiException(status, "The request body is larger than the server accepts.", "invalid_request_error", null, "request_too_large")
                : new OpenAiException(status, "The request body could not be read: " + e.Message, OpenAiException.TypeFor(status));
            await OpenAiErrors.WriteAsync(context, error).ConfigureAwait(false);
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
        if (promptTokens >= maxLen)
        {
            throw OpenAiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture,
                    $"This model's maximum context length is {maxLen} tokens. However, your request has {promptTokens} input tokens. Please reduce the length of the {(chat ? "messages" : "prompt")}."),
                chat ? "messages" : "prompt");
        }

        // In long arithmetic: max_tokens may be int.MaxValue.
        if (request.MaxTokens is { } requested && (long)promptTokens + requested > maxLen)
        {
            throw OpenAiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture,
                    $"'{request.MaxTokensField}' is too large: {requested}. This model's maximum context length is {maxLen} tokens and your request has {promptTokens} input tokens ({requested} > {maxLen} - {promptTokens}); ask for at most {maxLen - promptTokens}."),
                request.MaxTokensField);
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

        // A client that goes away is taken out of the engine at once, whether or not its handler is running.
        var registration = context.RequestAborted.UnsafeRegister(static state =>
        {
            var (engine, live) = ((SimulatorEngine, LiveRequest))state!;
            engine.Cancel(live);
        }, (engine, live));
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, live, planned, writer, request.IncludeUsage, promptTokens).ConfigureAwait(false);
            }
            else
            {
                var taken = new List<LiveToken>();
                while (await live.WaitToReadAsync().ConfigureAwait(false))
                {
                    live.TakePending(taken);
                }

                context.RequestAborted.ThrowIfCancellationRequested();
                context.Response.ContentType = "application/json";
                var full = writer.Full(planned.Text, planned.FinishReason, promptTokens, outputTokens);
                await context.Response.Body.WriteAsync(full, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            engine.Cancel(live);
        }
    }

    private async Task StreamAsync(HttpContext context, LiveRequest live, PlannedOutput planned, ResponseWriter writer, bool includeUsage, int promptTokens)
    {
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(ct).ConfigureAwait(false);
        var output = response.BodyWriter;
        await using var json = new Utf8JsonWriter(output);
        if (writer.IsChat)
        {
            writer.Chunk(output, json, string.Empty, role: true, null, includeUsage);
        }

        await output.FlushAsync(ct).ConfigureAwait(false);    // headers out now, as vLLM does, even while queued

        // One event per token, written straight into the connection's pipe; tokens that queued up while this stream
        // waited for a thread go out together in one flush.
        var sent = 0;
        var taken = new List<LiveToken>();
        while (await live.WaitToReadAsync().ConfigureAwait(false))
        {
            live.TakePending(taken);
            foreach (var token in taken)
            {
                sent = token.Emission.Generated;
                var finish = token.Emission.Finished ? planned.FinishReason : null;
                writer.Chunk(output, json, planned.Tokens[sent - 1], role: false, finish, includeUsage);
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
            metrics.OnDelivered(taken, engine.NowMs);
        }

        ct.ThrowIfCancellationRequested();
        if (includeUsage)
        {
            writer.UsageChunk(output, json, promptTokens, sent);
        }

        output.Write(Done);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }
}
