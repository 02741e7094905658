using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Builds a Grafana dashboard (as a tree of JSON nodes, never a text template) in a ConfigMap labelled
/// <c>grafana_dashboard: "1"</c>, which Grafana's dashboard sidecar loads.
/// </summary>
internal static class DashboardBuilder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static V1ConfigMap Build(ServingSettings settings, string dashboardJson, IDictionary<string, string> labels)
    {
        var configMapLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal) { ["grafana_dashboard"] = "1" };
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = $"{settings.Name}-dashboard", NamespaceProperty = settings.Namespace, Labels = configMapLabels },
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [$"{settings.Name}.json"] = dashboardJson },
        };
    }

    /// <summary>
    /// The dashboard's JSON: the SLO question first (each latency's interpolated percentile against its target line,
    /// then the share of observations over the bucket bound its alerts count, against the warning and allowed shares),
    /// then the load against the planned peak, the queue, the KV cache and the error rate, each with its alert
    /// thresholds. The expressions are the alerts' own (<see cref="AlertFamily.Signal"/>), so what the dashboard shows is
    /// what alerts. Panel ids stay as they were before the share panels (10–12) were added, so links to panels hold.
    /// </summary>
    public static string Json(ServingSettings settings, Plan plan, IReadOnlyList<AlertFamily> families, MonitoringOptions options)
        => Dashboard(settings, plan, families, options).ToJsonString(Indented);

    private static JsonObject Dashboard(ServingSettings settings, Plan plan, IReadOnlyList<AlertFamily> families, MonitoringOptions options)
    {
        var sel = PromQl.Selector(settings);
        var window = PrometheusDuration.Format(options.RateWindow);
        AlertFamily F(string prefix) => families.Single(f => f.Prefix == prefix);

        // Each latency twice: its interpolated percentile against the target (what the SLO is written in), and what the
        // alerts count, the share of observations over the bucket bound, against the warning and allowed shares.
        JsonNode Percentile(int id, AlertFamily f, int x)
            => Panel(id, $"{f.Latency!.Percentile} {f.Latency.Name} vs the {MonitoringBuilder.Seconds(f.Latency.Bound.Target)} target", "s", x, 0, [f.Latency.QuantileQuery], [f.Latency.Bound.Target]);
        JsonNode Share(int id, AlertFamily f, int x)
            => Panel(id, $"{char.ToUpperInvariant(f.What[0])}{f.What[1..]} (the {f.Latency!.Percentile} SLO allows {GoFormat.HumanizePercentage(f.Latency.Allowed)})", "percentunit", x, 8, [f.Signal], [f.Warning, f.Critical]);
        JsonNode[] panels =
        [
            Percentile(1, F("VllmTtftSlo"), 0),
            Percentile(2, F("VllmItlSlo"), 8),
            Percentile(3, F("VllmE2eSlo"), 16),
            Share(10, F("VllmTtftSlo"), 0),
            Share(11, F("VllmItlSlo"), 8),
            Share(12, F("VllmE2eSlo"), 16),
            Panel(4, string.Create(CultureInfo.InvariantCulture, $"Requests per second vs the planned peak ({plan.Traffic.PeakQps:0.##} req/s)"), "reqps", 0, 16,
                [$"sum(rate({VllmMetrics.HttpRequests}{sel}[{window}]))", $"sum(rate({VllmMetrics.RequestSuccess}{sel}[{window}]))"], [plan.Traffic.PeakQps]),
            Panel(5, "Requests waiting per replica", "short", 8, 16, [F("VllmQueueDepth").Signal, $"sum({VllmMetrics.RequestsRunning}{sel})"], [F("VllmQueueDepth").Warning, F("VllmQueueDepth").Critical]),
            Panel(6, "KV-cache use", "percentunit", 16, 16, [F("VllmKvCacheSaturation").Signal], [F("VllmKvCacheSaturation").Warning, F("VllmKvCacheSaturation").Critical]),
            Panel(7, "Error rate (5xx share of requests)", "percentunit", 0, 24, [F("VllmErrorRate").Signal], [F("VllmErrorRate").Warning, F("VllmErrorRate").Critical]),
            Panel(8, "Tokens per second (generated, prompt)", "short", 8, 24, [$"sum(rate({VllmMetrics.GenerationTokens}{sel}[{window}]))", $"sum(rate({VllmMetrics.PromptTokens}{sel}[{window}]))"], []),
            Panel(9, "Replicas ready", "short", 16, 24, [$"count({VllmMetrics.RequestsRunning}{sel})"], [settings.MinReplicas, settings.MaxReplicas]),
        ];
        return new JsonObject
        {
            ["title"] = $"Compass: {settings.Name} ({settings.Namespace})",
            ["uid"] = $"compass-{settings.Name}".Length <= 40 ? $"compass-{settings.Name}" : settings.Name,
            ["tags"] = new JsonArray("compass", "vllm"),
            ["timezone"] = "browser",
            ["schemaVersion"] = 39,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = "datasource",
                    ["type"] = "datasource",
                    ["query"] = "prometheus",
                    ["label"] = "Prometheus",
                }),
            },
            ["panels"] = new JsonArray(panels),
        };
    }

    private static JsonObject Panel(int id, string title, string unit, int x, int y, string[] exprs, double[] thresholds)
    {
        var targets = new JsonArray();
        for (var i = 0; i < exprs.Length; i++)
        {
            targets.Add(Target(((char)('A' + i)).ToString(), exprs[i]));
        }

        // One line per threshold: a single one is red (a target or a plan's number); a pair is warning (orange) then critical (red).
        var steps = new JsonArray(new JsonObject { ["color"] = "green", ["value"] = null });
        for (var i = 0; i < thresholds.Length; i++)
        {
            steps.Add(new JsonObject { ["color"] = i == thresholds.Length - 1 ? "red" : "orange", ["value"] = Math.Round(thresholds[i], 6) });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "timeseries",
            ["title"] = title,
            ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
            ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 8, ["x"] = x, ["y"] = y },
            ["fieldConfig"] = new JsonObject
            {
                ["defaults"] = new JsonObject
                {
                    ["unit"] = unit,
                    ["thresholds"] = new JsonObject { ["mode"] = "absolute", ["steps"] = steps },
                    ["custom"] = new JsonObject { ["thresholdsStyle"] = new JsonObject { ["mode"] = thresholds.Length == 0 ? "off" : "line" } },
                },
            },
            ["targets"] = targets,
        };
    }

    private static JsonObject Target(string refId, string expr) => new()
    {
        ["refId"] = refId,
        ["expr"] = expr,
        ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
    };
}
