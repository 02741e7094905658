using System.Diagnostics;
using System.Globalization;
using Compass.Kserve.Manifests;
using Xunit.Abstractions;

namespace Compass.Kserve.Tests.Monitoring;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LivePrometheusGroup
{
    public const string Name = "live prometheus";
}

/// <summary>
/// The generated alerts against a real Prometheus and Alertmanager scraping the simulator that runs the plan's
/// deployment: quiet under the plan's peak load, and, for each way of missing the SLO, exactly the matching alerts go
/// pending, then firing, and reach the webhook of their severity. Windows are short (<see cref="LiveMonitoring.ShortWindows"/>).
/// </summary>
[Collection(LivePrometheusGroup.Name)]
public sealed class AlertScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScenarioLimit = TimeSpan.FromSeconds(60);

    [MonitoringFact]
    public async Task MeanLoadWithinSlo_NoAlertFires_AndEverySignalIsMeasuredBelowItsWarning()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        await using var live = await LiveMonitoring.StartAsync(plan);
        // The plan's mean rate per replica (answers shortened to 128 tokens to keep the run short). Not the peak: there
        // the ITL warning fires on histogram resolution alone (docs/monitoring.md, "Bucket resolution").
        var rate = plan.Traffic.MeanQps / plan.Recommendations[0].Replicas;
        var load = live.LoadAsync(rate, promptWords: 400, maxTokens: 128, TimeSpan.FromSeconds(25));
        var seen = new List<string>();
        string raw = string.Empty;
        while (!load.IsCompleted)
        {
            (var alerts, raw) = await live.AlertsAsync();
            seen.AddRange(alerts.Select(a => $"{a.Name} ({a.State})"));
            await Task.Delay(250);
        }

        var statuses = await load;
        Assert.True(statuses.Keys.All(s => s == 200), $"requests failed: {string.Join(", ", statuses)}");
        Assert.True(seen.Count == 0, $"alerts under the plan's peak: {string.Join(", ", seen.Distinct())}\n/api/v1/alerts: {raw}");

        // Quiet because the measured values are below the thresholds, not because nothing was measured.
        foreach (var alert in live.Bundle.Alerts.Where(a => a.Severity == "warning"))
        {
            var (status, error, values, answer) = await live.QueryAsync(alert.Signal);
            Assert.True(status == "success", $"{alert.Name}: {error}");
            if (alert.Name != "VllmErrorRateWarning")
            {
                Assert.True(values.Count == 1, $"{alert.Name}'s signal has no value under load: {answer}");
            }

            Assert.All(values, v => Assert.True(v < alert.Threshold, $"{alert.Name}: {v} ≥ {alert.Threshold}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{alert.Name}: {string.Join(", ", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))} (warning above {alert.Threshold})"));
        }
    }

    [MonitoringFact]
    public async Task SlowEngine_FiresTheLatencyAlerts_AndNothingElse()
    {
        // Every engine step 20× slower (slow start over 10 minutes), at a light load that never queues.
        await using var live = await LiveMonitoring.StartAsync(TestPlans.Load(TestPlans.Chatbot), o => { o.SlowStartDuration = TimeSpan.FromMinutes(10); o.SlowStartFactor = 20; });
        await RunAsync(live, ct => live.LoadAsync(2, promptWords: 400, maxTokens: 64, ScenarioLimit, ct), "VllmTtftSlo", "VllmItlSlo", "VllmE2eSlo");
    }

    [MonitoringFact]
    public async Task FailingRequests_FireTheErrorRateAlerts_AndNothingElse()
    {
        await using var live = await LiveMonitoring.StartAsync(TestPlans.Load(TestPlans.Chatbot), o => { o.FaultRate = 0.2; o.FaultStatusCodes = [500, 503]; });
        await RunAsync(live, ct => live.LoadAsync(5, promptWords: 100, maxTokens: 32, ScenarioLimit, ct), "VllmErrorRate");
    }

    [MonitoringFact]
    public async Task OverloadPastThePlannedPeak_FiresTheQueueTimeToFirstTokenAndInterTokenAlerts_AndNothingElse()
    {
        // Four times as many clients as the replica has sequence slots, each asking for short answers back to back:
        // requests queue, so they wait for their first token; the batch is full (max-num-seqs, where the plan's peak
        // keeps about a third of it busy), so every step and thus every token gap is longer. Answers of 8 tokens keep
        // whole requests within the E2E target, and one-word prompts keep the KV cache nearly empty.
        var plan = TestPlans.Load(TestPlans.Chatbot);
        await using var live = await LiveMonitoring.StartAsync(plan);
        var clients = 4 * live.Set.Settings.MaxNumSeqs;
        await RunAsync(live, ct => live.ClosedLoopAsync(clients, promptWords: 1, maxTokens: 8, ScenarioLimit, ct), "VllmQueueDepth", "VllmTtftSlo", "VllmItlSlo");
    }

    [MonitoringFact]
    public async Task Dashboard_EveryPanelQueryEvaluatesOnPrometheus_AndTheSloPanelsHaveData()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        await using var live = await LiveMonitoring.StartAsync(plan);
        await live.LoadAsync(plan.Traffic.MeanQps, promptWords: 200, maxTokens: 32, TimeSpan.FromSeconds(8));

        // The dashboard as Grafana's sidecar gets it: the ConfigMap's JSON.
        var configMap = Compass.Kserve.Yaml.YamlTree.Parse(live.Set.Documents.Single(d => d.Kind == "ConfigMap").Yaml)[0]!;
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse(configMap["data"]!.AsObject().Single().Value!.GetValue<string>())!;
        var panels = dashboard["panels"]!.AsArray();
        Assert.True(panels.Count >= 7, $"{panels.Count} panels");
        foreach (var panel in panels)
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                var expr = target!["expr"]!.GetValue<string>();
                var (status, error, values, raw) = await live.QueryAsync(expr);
                Assert.True(status == "success", $"panel '{panel["title"]}': {expr}: {error}");
                // Only the error rate is empty without errors (no 5xx series exists yet); everything else has a value under load.
                if (!expr.Contains("status=\"5xx\"", StringComparison.Ordinal))
                {
                    Assert.True(values.Count > 0, $"panel '{panel["title"]}': {expr} returned nothing: {raw}");
                }

                output.WriteLine($"{panel["title"]}: {string.Join(", ", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))}");
            }
        }

        // The SLO question: each latency panel draws the target line.
        foreach (var (title, target) in new[] { ("time to first token", plan.Slo.TtftMs), ("inter-token latency", plan.Slo.ItlMs), ("end-to-end latency", plan.Slo.E2eMs) })
        {
            var panel = panels.Single(p => p!["title"]!.GetValue<string>().Contains(title, StringComparison.Ordinal))!;
            var steps = panel["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray();
            Assert.Contains(steps, s => s!["value"] is { } v && Math.Abs(v.GetValue<double>() - (target / 1000)) < 1e-9);
        }
    }

    private async Task RunAsync(LiveMonitoring live, Func<CancellationToken, Task> load, params string[] families)
    {
        var expected = live.Bundle.Alerts.Where(a => families.Any(f => a.Name.StartsWith(f, StringComparison.Ordinal))).ToDictionary(a => a.Name, a => a.Severity);
        Assert.Equal(2 * families.Length, expected.Count);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var loadTask = load(stop.Token);
        var pendingAt = new Dictionary<string, TimeSpan>();
        var firingAt = new Dictionary<string, TimeSpan>();
        var unexpected = new HashSet<string>();
        var raw = string.Empty;
        try
        {
            while (clock.Elapsed < ScenarioLimit && !(expected.Keys.All(firingAt.ContainsKey)))
            {
                (var alerts, raw) = await live.AlertsAsync();
                foreach (var (name, state, _) in alerts)
                {
                    if (!expected.ContainsKey(name))
                    {
                        unexpected.Add($"{name} ({state})");
                    }

                    var at = state == "firing" ? firingAt : pendingAt;
                    at.TryAdd(name, clock.Elapsed);
                }

                await Task.Delay(200);
            }

            var missing = expected.Keys.Where(n => !firingAt.ContainsKey(n)).ToList();
            Assert.True(missing.Count == 0, $"not firing within {ScenarioLimit.TotalSeconds} s: {string.Join(", ", missing)}\n/api/v1/alerts: {raw}\n{live.Logs}");
            Assert.True(unexpected.Count == 0, $"unexpected alerts: {string.Join(", ", unexpected)}\n/api/v1/alerts: {raw}");
            foreach (var name in expected.Keys)
            {
                Assert.True(pendingAt.TryGetValue(name, out var p) && p <= firingAt[name], $"{name} fired without being seen pending first\n/api/v1/alerts: {raw}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: pending after {pendingAt[name].TotalSeconds:0.0} s, firing after {firingAt[name].TotalSeconds:0.0} s"));
            }

            // Alertmanager routes each alert to the receiver of its severity.
            while (clock.Elapsed < ScenarioLimit + TimeSpan.FromSeconds(20)
                && !expected.All(e => live.Deliveries.Any(d => d.Labels["alertname"] == e.Key && d.Status == "firing")))
            {
                await Task.Delay(200);
            }

            var deliveries = live.Deliveries;
            foreach (var (name, severity) in expected)
            {
                Assert.True(deliveries.Any(d => d.Labels["alertname"] == name && d.Status == "firing" && d.Receiver == severity),
                    $"{name} was not delivered to the {severity} webhook; deliveries: {string.Join(", ", deliveries.Select(d => $"{d.Labels["alertname"]}→{d.Receiver}"))}\n{live.Logs}");
            }

            Assert.All(deliveries, d => Assert.Equal(d.Labels["severity"], d.Receiver));
            Assert.All(deliveries, d => Assert.Contains(d.Labels["alertname"], expected.Keys));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"delivered after {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", deliveries.Select(d => $"{d.Labels["alertname"]}→{d.Receiver}").Distinct())}"));
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await loadTask;
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException)
            {
                // The load stops with the scenario.
            }
        }
    }
}
