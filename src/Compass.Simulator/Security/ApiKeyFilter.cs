using System.Security.Cryptography;
using System.Text;
using Compass.Simulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Compass.Simulator.Security;

/// <summary>
/// Guards <c>/v1/*</c> as vLLM's <c>--api-key</c> does: when <see cref="CompassSimulatorOptions.ApiKey"/> is set, a request
/// without <c>Authorization: Bearer KEY</c> gets 401 in OpenAI's error shape. Keys are compared through their SHA-256
/// in constant time, so neither the time taken nor the key's length tells a client how close it came.
/// </summary>
internal sealed class ApiKeyFilter : IEndpointFilter
{
    private static readonly byte[] Unauthorized = OpenAiErrors.Serialize(new OpenAiException(
        401,
        "Missing or incorrect API key: send the header Authorization: Bearer KEY, with the API key the simulator was configured with.",
        "invalid_request_error",
        null,
        "invalid_api_key"));

    private readonly byte[]? _keyHash;

    public ApiKeyFilter(IOptions<CompassSimulatorOptions> options)
    {
        _keyHash = options.Value.ApiKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_keyHash is null || Presents(context.HttpContext.Request, _keyHash))
        {
            return await next(context).ConfigureAwait(false);
        }

        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer";
        response.ContentType = "application/json";
        await response.Body.WriteAsync(Unauthorized, context.HttpContext.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static bool Presents(HttpRequest request, byte[] keyHash)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = value.AsSpan("Bearer ".Length).Trim();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token.ToString());
        SHA256.HashData(bytes, hash);
        return token.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, keyHash);
    }
}
