using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Compass.Simulator.Protocol;

/// <summary>
/// Reads a JSON request body up to a size limit: a larger body is answered with 413, a body declared as something
/// other than JSON with 415 (as vLLM, a body without a Content-Type is read as JSON).
/// </summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.ContentType) && !IsJson(request.ContentType))
        {
            throw new OpenAiException(
                415,
                $"The request body must be JSON; its Content-Type is '{Shown(request.ContentType)}'. Send the header Content-Type: application/json.",
                "invalid_request_error",
                null,
                "unsupported_media_type");
        }

        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType is { } type
            && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    private static string Shown(string value) => value.Length > 100 ? value[..100] + "…" : value;

    private static OpenAiException TooLarge(int limit)
        => new(413, $"The request body is larger than the limit of {limit} bytes.", "invalid_request_error", null, "request_too_large");
}
