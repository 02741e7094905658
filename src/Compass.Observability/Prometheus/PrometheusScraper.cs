namespace Compass.Observability.Prometheus;

/// <summary>Reads a Prometheus endpoint (e.g. vLLM's <c>/metrics</c>) over HTTP.</summary>
public static class PrometheusScraper
{
    /// <summary>Gets and parses the metrics at <paramref name="uri"/>.</summary>
    /// <param name="http">The client.</param>
    /// <param name="uri">The metrics URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="HttpRequestException">The request failed or the status is not a success.</exception>
    /// <exception cref="PrometheusFormatException">The body is not Prometheus text.</exception>
    public static async Task<PrometheusSnapshot> ScrapeAsync(HttpClient http, Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return PrometheusSnapshot.Parse(text);
    }
}
