using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Kserve.Deployment;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Compass.Api.Infrastructure;

/// <summary>Turns every exception into an RFC 9457 ProblemDetails response with the field at fault where one is known.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Request.Path.ToString();
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            LogCancelled(logger, path);
            return true;
        }

        var problem = ToProblem(exception);
        if (problem.Status >= 500)
        {
            LogFailed(logger, exception, path);
        }
        else
        {
            LogRefused(logger, path, problem.Status ?? 400, problem.Detail ?? problem.Title ?? string.Empty);
        }

        if (httpContext.Response.HasStarted)
        {
            return true;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }

    public static ProblemDetails ToProblem(Exception exception)
    {
        var problem = exception switch
        {
            ApiProblemException p => Problem(p.Status, p.Title, p.Message, p.Field, p.Suggestions),
            BadHttpRequestException { InnerException: JsonException json } => Json(json),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                => Problem(413, "Request body too large", bad.Message),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
                => Problem(415, "Unsupported media type", "Send the body as JSON with Content-Type: application/json."),
            BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", Fields.Clean(bad.Message)),
            JsonException json => Json(json),
            UnknownNameException unknown => Problem(400, $"Unknown {unknown.Kind}", unknown.Message, null, unknown.Suggestions),
            DeploymentException deployment => Deployment(deployment),
            KnowledgeBaseException kb => Problem(503, "Knowledge base unavailable", kb.Message),
            Compass.Postgres.CompassDatabaseException db => Problem(503, "Knowledge base unavailable", db.Message),
            ArgumentException or FormatException => Problem(400, "Invalid request", Fields.Clean(exception.Message)),
            _ => Problem(500, "Internal error", "An unexpected error occurred; the server log has the details."),
        };
        return problem;
    }

    private static ProblemDetails Json(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : string.Empty;
        var problem = Problem(400, "Invalid JSON", $"The request body is not valid JSON for this endpoint{where}{(field is null ? string.Empty : $" at '{field}'")}: {FirstSentence(json.Message)}", field);
        if (json.LineNumber is { } l)
        {
            problem.Extensions["line"] = l + 1;
        }

        return problem;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static ProblemDetails Deployment(DeploymentException ex) => ex.Failure switch
    {
        DeploymentFailure.NotFound or DeploymentFailure.NoRevision => Problem(404, "Not found", ex.Message),
        DeploymentFailure.InvalidManifest or DeploymentFailure.Invalid => Problem(400, "Invalid deployment", ex.Message),
        DeploymentFailure.Conflict => Problem(409, "Conflict", ex.Message),
        DeploymentFailure.Unauthorized or DeploymentFailure.Forbidden => Problem(502, "The cluster refused Compass", ex.Message),
        DeploymentFailure.Timeout => Problem(504, "Timed out", ex.Message),
        _ => Problem(502, "Cluster error", ex.Message),
    };

    private static ProblemDetails Problem(int status, string title, string detail, string? field = null, IReadOnlyList<string>? suggestions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        if (suggestions is { Count: > 0 })
        {
            problem.Extensions["suggestions"] = suggestions;
        }

        return problem;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Path} was cancelled by the client")]
    private static partial void LogCancelled(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {Path} refused with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string path, int status, string detail);
}
