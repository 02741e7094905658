using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Compass.Api.Infrastructure;

/// <summary>
/// Refuses request bodies above <see cref="ApiOptions.MaxRequestBodyBytes"/> with 413: at once when Content-Length says
/// so, and while reading otherwise (chunked bodies), whatever the server underneath enforces.
/// </summary>
internal sealed class RequestSizeLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > _limit)
        {
            throw TooLarge(_limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = _limit;
        }

        if (context.Request.ContentLength is null && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)))
        {
            context.Request.Body = new LimitedStream(context.Request.Body, _limit);
        }

        await next(context).ConfigureAwait(false);
    }

    public static BadHttpRequestException TooLarge(long limit)
        => new($"The request body is larger than the {limit:N0} bytes this server accepts (Compass:MaxRequestBodyBytes).", StatusCodes.Status413PayloadTooLarge);
}
