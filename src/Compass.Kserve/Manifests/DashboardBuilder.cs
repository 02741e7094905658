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

    public static V1ConfigMap Build(ServingSettings settings, Plan plan, IDictionary<string, string> labels)
    {
        var configMapLabels = new Dictionary<string, string>(labels, StringComparer.Ordinal) { ["grafana_dashboard"] = "1" };
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = $"{settings.Name}-dashboard", NamespaceProperty = settings.Namespace, Labels = configMapLabels },
            Data = new Dictionary<string, string>(StringComparer.Ordinal) { [$"{settings.Name}.json"] = Dashboard(settings, plan).ToJsonString(Indented) },
        };
    }

    private static JsonObject Dashboard(ServingSettings settings, Plan plan)
    {
        var sel = PromQl.Selector(settings);
        var q = plan.Slo.Percentile / 100;
        var p = string.Create(CultureInfo.InvariantCulture, $"p{plan.Slo.Percentile:0.#}");
        JsonNode[] panels =
        [
            Panel(1, $"{p} time to first token (target {PromQl.Seconds(plan.Slo.TtftMs)} s)", "s", 0, 0, PromQl.Quantile(q, VllmMetrics.TimeToFirstToken, settings), plan.Slo.TtftMs / 1000),
            Panel(2, $"{p} inter-token latency (target {PromQl.Seconds(plan.Slo.ItlMs)} s)", "s", 8, 0, PromQl.Quantile(q, VllmMetrics.TimePerOutputToken, settings), plan.Slo.ItlMs / 1000),
            Panel(3, $"{p} end-to-end latency (target {PromQl.Seconds(plan.Slo.E2eMs)} s)", "s", 16, 0, PromQl.Quantile(q, VllmMetrics.E2eLatency, settings), plan.Slo.E2eMs / 1000),
            Panel(4, "Requests running and waiting", "short", 0, 8, $"sum({VllmMetrics.RequestsRunning}{sel})", null, $"sum({VllmMetrics.RequestsWaiting}{sel})"),
            Panel(5, "KV-cache use", "percentunit", 8, 8, $"max({VllmMetrics.KvCacheUsage}{sel} or {VllmMetrics.GpuCacheUsage}{sel})", 0.9),
            Panel(6, "Requests per second (finished)", "reqps", 16, 8, $"sum(rate({VllmMetrics.RequestSuccess}{sel}[5m]))", plan.Traffic.PeakQps),
            Panel(7, "Tokens per second", "short", 0, 16, $"sum(rate({VllmMetrics.GenerationTokens}{sel}[5m]))", null, $"sum(rate({VllmMetrics.PromptTokens}{sel}[5m]))"),
            Panel(8, "Replicas ready", "short", 8, 16, $"count({VllmMetrics.RequestsRunning}{sel})", null),
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

    private static JsonObject Panel(int id, string title, string unit, int x, int y, string expr, double? threshold, string? secondExpr = null)
    {
        var targets = new JsonArray(Target("A", expr));
        if (secondExpr is not null)
        {
            targets.Add(Target("B", secondExpr));
        }

        var steps = new JsonArray(new JsonObject { ["color"] = "green", ["value"] = null });
        if (threshold is { } t)
        {
            steps.Add(new JsonObject { ["color"] = "red", ["value"] = Math.Round(t, 6) });
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
                    ["custom"] = new JsonObject { ["thresholdsStyle"] = new JsonObject { ["mode"] = threshold is null ? "off" : "line" } },
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
