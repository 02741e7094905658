namespace Compass.Simulator.Protocol;

/// <summary>A request the simulator refuses, answered with OpenAI's error JSON and the given status code.</summary>
internal sealed class OpenAiException(int status, string message, string type = "invalid_request_error", string? param = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    public static OpenAiException BadRequest(string message, string? param = null) => new(400, message, "invalid_request_error", param);

    /// <summary>The OpenAI error type that goes with a status code.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 or 401 or 404 or 413 or 415 or 422 => "invalid_request_error",
        403 => "permission_error",
        429 => "rate_limit_exceeded",
        503 => "service_unavailable",
        _ => "server_error",
    };
}
