using System.Globalization;
using Compass.Core;
using Compass.Kserve.Manifests.Resources;
using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>Builds the ServiceMonitor that scrapes vLLM and the PrometheusRule with the plan's SLO alerts.</summary>
internal static class MonitoringBuilder
{
    /// <summary>Warning alerts fire at this share of a target, so there is time to act before the SLO is missed.</summary>
    public const double WarningShare = 0.8;

    public static ServiceMonitor BuildServiceMonitor(ServingSettings settings, IDictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
        Spec = new ServiceMonitorSpec
        {
            Selector = new V1LabelSelector { MatchLabels = ManifestLabels.PredictorSelector(settings.Name) },
            Endpoints = [new ScrapeEndpoint { TargetPort = KserveManifestConstants.ContainerPort }],
        },
    };

    public static PrometheusRule BuildRules(ServingSettings settings, Plan plan, IDictionary<string, string> labels)
    {
        var slo = plan.Slo;
        var q = slo.Percentile / 100;
        var p = string.Create(CultureInfo.InvariantCulture, $"p{slo.Percentile:0.#}");
        var sel = PromQl.Selector(settings);
        var rules = new List<AlertRule>();
        void Latency(string alert, string what, string histogram, double targetMs)
        {
            var expr = PromQl.Quantile(q, histogram, settings);
            rules.Add(Rule(alert + "Critical", $"{expr} > {PromQl.Seconds(targetMs)}", "critical",
                $"{p} {what} of {settings.Name} is over its SLO target",
                $"{p} {what} has been above the {Ms(targetMs)} target for 5 minutes; add replicas or check the load against the plan."));
            rules.Add(Rule(alert + "Warning", $"{expr} > {PromQl.Seconds(targetMs * WarningShare)}", "warning",
                $"{p} {what} of {settings.Name} is close to its SLO target",
                $"{p} {what} has been above 80% of the {Ms(targetMs)} target for 5 minutes."));
        }

        Latency("VllmTtftSlo", "time to first token", VllmMetrics.TimeToFirstToken, slo.TtftMs);
        Latency("VllmItlSlo", "inter-token latency", VllmMetrics.TimePerOutputToken, slo.ItlMs);
        Latency("VllmE2eSlo", "end-to-end latency", VllmMetrics.E2eLatency, slo.E2eMs);

        var errors = $"sum(rate({VllmMetrics.HttpRequests}{{namespace=\"{settings.Namespace}\",service=\"{ResourceNames.Predictor(settings.Name)}\",status=\"5xx\"}}[5m])) / sum(rate({VllmMetrics.HttpRequests}{sel}[5m]))";
        rules.Add(Rule("VllmErrorRateCritical", $"{errors} > 0.05", "critical", $"More than 5% of requests to {settings.Name} fail", "The server has answered 5xx to more than 5% of requests for 5 minutes."));
        rules.Add(Rule("VllmErrorRateWarning", $"{errors} > 0.01", "warning", $"More than 1% of requests to {settings.Name} fail", "The server has answered 5xx to more than 1% of requests for 5 minutes."));

        var waiting = $"sum({VllmMetrics.RequestsWaiting}{sel}) / clamp_min(count({VllmMetrics.RequestsRunning}{sel}), 1)";
        var waitingTarget = settings.WaitingTarget;
        rules.Add(Rule("VllmQueueDepthCritical", Invariant($"{waiting} > {4 * waitingTarget}"), "critical", $"Requests queue up in {settings.Name}",
            Invariant($"More than {4 * waitingTarget} requests per replica have waited for 5 minutes; the autoscaler is at its maximum or replicas cannot start.")));
        rules.Add(Rule("VllmQueueDepthWarning", Invariant($"{waiting} > {waitingTarget}"), "warning", $"Requests wait in {settings.Name}",
            Invariant($"More than {waitingTarget} requests per replica (the scale-up threshold) have waited for 5 minutes.")));

        var kv = $"max({VllmMetrics.KvCacheUsage}{sel} or {VllmMetrics.GpuCacheUsage}{sel})";
        rules.Add(Rule("VllmKvCacheSaturationCritical", $"{kv} > 0.98", "critical", $"The KV cache of {settings.Name} is full",
            "KV-cache use has been above 98% for 5 minutes: requests are being preempted and latency rises."));
        rules.Add(Rule("VllmKvCacheSaturationWarning", $"{kv} > 0.9", "warning", $"The KV cache of {settings.Name} is nearly full",
            "KV-cache use has been above 90% for 5 minutes."));

        return new PrometheusRule
        {
            Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
            Spec = new PrometheusRuleSpec([new RuleGroup($"{settings.Name}.slo", rules)]),
        };
    }

    private static AlertRule Rule(string alert, string expr, string severity, string summary, string description) => new()
    {
        Alert = alert,
        Expr = expr,
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = severity },
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["summary"] = summary, ["description"] = description },
    };

    private static string Ms(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.##} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.#} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
