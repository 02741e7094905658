using System.Globalization;

namespace Compass.Kserve.Manifests;

/// <summary>PromQL over vLLM's metrics for one deployment. Selectors use only validated DNS names, never free text.</summary>
internal static class PromQl
{
    /// <summary>The label selector of one deployment's predictor pods, as scraped through its Service.</summary>
    public static string Selector(ServingSettings settings)
        => $"{{namespace=\"{settings.Namespace}\",service=\"{ResourceNames.Predictor(settings.Name)}\"}}";

    /// <summary>A latency quantile from a vLLM histogram.</summary>
    public static string Quantile(double quantile, string histogram, ServingSettings settings, string window = "5m")
        => string.Create(CultureInfo.InvariantCulture,
            $"histogram_quantile({quantile:0.###}, sum by (le) (rate({histogram}{Selector(settings)}[{window}])))");

    /// <summary>Seconds, as PromQL writes them.</summary>
    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.####", CultureInfo.InvariantCulture);
}
