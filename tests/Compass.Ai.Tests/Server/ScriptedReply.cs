using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Compass.Ai.Tests.Server;

/// <summary>What the fake Ollama server answers to one <c>/api/chat</c> request.</summary>
public abstract record ScriptedReply
{
    /// <summary>Answers with this assistant text, streamed as NDJSON chunks or in one body as the request asks.</summary>
    /// <param name="content">The assistant's text.</param>
    /// <param name="doneReason">Ollama's <c>done_reason</c> (<c>stop</c>, <c>length</c>).</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Answer(string content, string doneReason = "stop") => new AnswerReply(content, doneReason);

    /// <summary>Answers with an HTTP error and Ollama's <c>{"error": …}</c> body.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="message">The error message.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Error(int status, string message = "internal server error") => new ErrorReply(status, message);

    /// <summary>Waits (until the client gives up) and then replies.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <param name="then">The reply after the wait.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Delayed(TimeSpan delay, ScriptedReply then) => new DelayedReply(delay, then);

    /// <summary>Streams the first chunk of an answer, then sends nothing more until the client gives up.</summary>
    /// <param name="firstChunk">The text of the first chunk.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Stall(string firstChunk) => new StallReply(firstChunk);

    /// <summary>Writes the reply.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="request">The request.</param>
    /// <returns>A task.</returns>
    public abstract Task WriteAsync(HttpContext context, RecordedChatRequest request);

    /// <summary>One NDJSON line of a chat answer.</summary>
    protected static string Line(RecordedChatRequest request, string content, string? doneReason)
    {
        var line = new JsonObject
        {
            ["model"] = request.Model,
            ["created_at"] = "2026-01-01T00:00:00.000000Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = doneReason is not null,
        };
        if (doneReason is not null)
        {
            line["done_reason"] = doneReason;
            line["total_duration"] = 1_000_000;
            line["load_duration"] = 1_000;
            line["prompt_eval_count"] = 100;
            line["prompt_eval_duration"] = 100_000;
            line["eval_count"] = 50;
            line["eval_duration"] = 500_000;
        }

        return line.ToJsonString() + "\n";
    }

    private sealed record AnswerReply(string Content, string DoneReason) : ScriptedReply
    {
        public override async Task WriteAsync(HttpContext context, RecordedChatRequest request)
        {
            var response = context.Response;
            if (!request.Stream)
            {
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync(Line(request, Content, DoneReason), context.RequestAborted);
                return;
            }

            response.ContentType = "application/x-ndjson";
            const int size = 7;
            for (var i = 0; i < Content.Length; i += size)
            {
                await response.WriteAsync(Line(request, Content.Substring(i, Math.Min(size, Content.Length - i)), null), context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }

            await response.WriteAsync(Line(request, string.Empty, DoneReason), context.RequestAborted);
        }
    }

    private sealed record ErrorReply(int Status, string Message) : ScriptedReply
    {
        public override async Task WriteAsync(HttpContext context, RecordedChatRequest request)
        {
            context.Response.StatusCode = Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(new JsonObject { ["error"] = Message }.ToJsonString(), context.RequestAborted);
        }
    }

    private sealed record DelayedReply(TimeSpan Delay, ScriptedReply Then) : ScriptedReply
    {
        public override async Task WriteAsync(HttpContext context, RecordedChatRequest request)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Then.WriteAsync(context, request);
        }
    }

    private sealed record StallReply(string FirstChunk) : ScriptedReply
    {
        public override async Task WriteAsync(HttpContext context, RecordedChatRequest request)
        {
            try
            {
                if (request.Stream)
                {
                    context.Response.ContentType = "application/x-ndjson";
                    await context.Response.WriteAsync(Line(request, FirstChunk, null), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }

                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up.
            }
        }
    }
}
