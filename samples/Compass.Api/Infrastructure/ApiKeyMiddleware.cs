using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Compass.Api.Infrastructure;

/// <summary>When <see cref="ApiOptions.ApiKey"/> is set, requires it in <c>X-Api-Key</c> on <c>/api/*</c> (compared in constant time).</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IProblemDetailsService problems)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = !string.IsNullOrWhiteSpace(options.Value.ApiKey) && options.Value.ApiKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var given = context.Request.Headers[Header].ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim()));
        if (given.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, _key))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "ApiKey header=\"" + Header + "\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = given.Length == 0 ? $"Send the API key in the {Header} header." : $"The {Header} header does not hold a valid API key.",
            },
        }).ConfigureAwait(false);
    }
}
