namespace Compass.Kserve.Deployment;

/// <summary>
/// Lets KubernetesClient's <c>CustomObjects</c> operations reach core-group objects: they build
/// <c>/apis/{group}/{version}/…</c>, which for the core group (empty group) must be <c>/api/{version}/…</c>.
/// </summary>
internal sealed class CoreApiPathHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.AbsolutePath.Contains("/apis//", StringComparison.Ordinal))
        {
            var builder = new UriBuilder(uri) { Path = uri.AbsolutePath.Replace("/apis//", "/api/", StringComparison.Ordinal) };
            request.RequestUri = builder.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
