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

    /// <summary>
    /// The share of a vLLM histogram's observations above a bucket bound over the window: one less the rate of the
    /// bucket at the bound over the rate of the count. Exact, unlike a quantile, which interpolates inside a bucket. The
    /// bound is matched by <see cref="LePattern"/>, so it is found however the exporter writes it; with more than one
    /// name the rates are joined with <c>or</c>, as in <see cref="Quantile"/>. No requests in the window: no value.
    /// </summary>
    public static string ShareAbove(double bound, IReadOnlyList<string> histograms, ServingSettings settings, string window)
    {
        var atBound = Selector(settings, $"le=~\"{LePattern(bound)}\"");
        var inBucket = string.Join(" or ", histograms.Select(h => $"rate({h}{atBound}[{window}])"));
        var all = string.Join(" or ", histograms.Select(h => $"rate({VllmMetrics.Count(h)}{Selector(settings)}[{window}])"));
        return $"1 - (sum({inBucket}) / sum({all}))";
    }

    /// <summary>
    /// A regular expression (Prometheus anchors it) for a bucket bound's <c>le</c> label however it is written: vLLM's
    /// Python client writes <c>5.0</c>, the Compass simulator and Go clients <c>5</c>; Prometheus 3 normalizes to
    /// <c>5.0</c>. No backslash, so it reads the same in PromQL and YAML: <c>0[.]0250*</c>, <c>5([.]0*)?</c>.
    /// </summary>
    public static string LePattern(double bound)
    {
        var text = bound.ToString("R", CultureInfo.InvariantCulture);
        if (!(bound > 0) || text.Contains('E', StringComparison.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "A bucket bound from 1e-5 up to 1e15 seconds was expected.");
        }

        return text.Contains('.', StringComparison.Ordinal) ? text.Replace(".", "[.]", StringComparison.Ordinal) + "0*" : text + "([.]0*)?";
    }

    /// <summary>Seconds, as PromQL writes them.</summary>
    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.####", CultureInfo.InvariantCulture);
}
