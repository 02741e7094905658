using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Serialization;

namespace Compass.Api.Infrastructure;

/// <summary>Writes server-sent events (<c>event: progress</c>, <c>event: result</c>, <c>event: error</c>) to a response.</summary>
internal sealed class ServerSentEvents
{
    private readonly HttpResponse _response;

    private ServerSentEvents(HttpResponse response) => _response = response;

    public static bool Wanted(HttpRequest request)
        => request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    public static ServerSentEvents Start(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return new ServerSentEvents(context.Response);
    }

    public Task ProgressAsync(string stage, string message, CancellationToken cancellationToken)
        => WriteAsync("progress", new JsonObject { ["stage"] = stage, ["message"] = message }, cancellationToken);

    public async Task WriteAsync(string name, JsonNode data, CancellationToken cancellationToken)
    {
        // Progress is awaited before the work goes on, so events never interleave.
        await _response.WriteAsync($"event: {name}\ndata: {data.ToJsonString(CompassJson.Compact)}\n\n", cancellationToken).ConfigureAwait(false);
        await _response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task ErrorAsync(Exception exception, CancellationToken cancellationToken)
    {
        var problem = ProblemExceptionHandler.ToProblem(exception);
        return WriteAsync("error", JsonSerializer.SerializeToNode(problem, JsonSerializerOptions.Web)!, cancellationToken);
    }

    /// <summary>Runs long work, streaming its progress and then its result (or an error event).</summary>
    public static async Task RunAsync(HttpContext context, Func<Func<string, string, Task>, CancellationToken, Task<JsonNode>> work)
    {
        var cancellationToken = context.RequestAborted;
        var events = Start(context);
        JsonNode result;
        try
        {
            result = await work((stage, message) => events.ProgressAsync(stage, message, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await events.ErrorAsync(ex, cancellationToken).ConfigureAwait(false);
            return;
        }

        await events.WriteAsync("result", result, cancellationToken).ConfigureAwait(false);
    }
}
