using System.Globalization;

namespace Compass.Kserve.Manifests;

/// <summary>PromQL over vLLM's metrics for one deployment. Selectors use only validated DNS names, never free text.</summary>
internal static class PromQl
{
    /// <summary>The label selector of one deployment's predictor pods, as scraped through its Service.</summary>
    public static string Selector(ServingSettings settings)
        => $"{{namespace=\"{settings.Namespace}\",service=\"{ResourceNames.Predictor(settings.Name)}\"}}";

    /// <summary>The selector with one more matcher (<c>status="5xx"</c>).</summary>
    public static string Selector(ServingSettings settings, string matcher)
        => $"{{namespace=\"{settings.Namespace}\",service=\"{ResourceNames.Predictor(settings.Name)}\",{matcher}}}";

    /// <summary>
    /// A latency quantile from a vLLM histogram. With more than one name (a metric vLLM renamed), the rates are joined
    /// with <c>or</c>: after <c>rate()</c> drops the names their label sets match, so a server exposing both counts once.
    /// </summary>
    public static string Quantile(double quantile, IReadOnlyList<string> histograms, ServingSettings settings, string window)
        => string.Create(CultureInfo.InvariantCulture,
            $"histogram_quantile({quantile:0.###}, sum by (le) ({string.Join(" or ", histograms.Select(h => $"rate({h}{Selector(settings)}[{window}])"))}))");

    /// <summary>Seconds, as PromQL writes them.</summary>
    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.####", CultureInfo.InvariantCulture);
}
