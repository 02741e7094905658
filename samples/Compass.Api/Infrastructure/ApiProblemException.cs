namespace Compass.Api.Infrastructure;

/// <summary>A request the API refuses, with the status and the field at fault; becomes a ProblemDetails response.</summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException()
    {
    }

    public ApiProblemException(string message)
        : base(message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiProblemException(int status, string title, string detail, string? field = null, IReadOnlyList<string>? suggestions = null, Exception? innerException = null)
        : base(detail, innerException)
    {
        Status = status;
        Title = title;
        Field = field;
        Suggestions = suggestions ?? [];
    }

    /// <summary>Gets the HTTP status.</summary>
    public int Status { get; } = StatusCodes.Status400BadRequest;

    /// <summary>Gets the short title.</summary>
    public string Title { get; } = "Invalid request";

    /// <summary>Gets the JSON field at fault (a dotted path), if any.</summary>
    public string? Field { get; }

    /// <summary>Gets the closest known names, for an unknown name.</summary>
    public IReadOnlyList<string> Suggestions { get; } = [];

    public static ApiProblemException Invalid(string field, string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static ApiProblemException NotFound(string detail, string? field = null) => new(StatusCodes.Status404NotFound, "Not found", detail, field);
}
