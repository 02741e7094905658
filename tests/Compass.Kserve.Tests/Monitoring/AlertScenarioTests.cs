using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Kserve.Manifests;
using Xunit.Sdk;
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

    /// <summary>How late a request may reach the engine before the machine, not the plan, is taken to have held it back.</summary>
    private static readonly TimeSpan StallLag = TimeSpan.FromMilliseconds(200);

    [MonitoringFact]
    public async Task PlannedPeakLoad_NoAlertFires_AndEverySignalIsMeasuredBelowItsWarning()
    {
        // The simulator runs in real time in this process, so a machine busy with other test assemblies can hold requests
        // back and hand the engine a burst the plan never had (CI saw 7 of 133 requests in a window over the 250 ms TTFT
        // edge). A failed run counts only when every request reached the engine within the TTFT target of its scheduled
        // arrival; otherwise the run is measured to be the machine's, not the plan's, and the scenario runs again.
        const int attempts = 3;
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var allowedLag = TimeSpan.FromMilliseconds(plan.Slo.TtftMs);
        for (var attempt = 1; ; attempt++)
        {
            await using var live = await LiveMonitoring.StartAsync(plan);
            try
            {
                await PlannedPeakAsync(plan, live);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"attempt {attempt}: requests reached the engine at most {live.MaxAdmissionLag.TotalMilliseconds:0} ms after their scheduled arrival"));
                return;
            }
            catch (XunitException e) when (attempt < attempts && live.MaxAdmissionLag > allowedLag)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"attempt {attempt} set aside: a request reached the engine {live.MaxAdmissionLag.TotalMilliseconds:0} ms after its scheduled arrival, longer than the {allowedLag.TotalMilliseconds:0} ms TTFT target; it failed with: {e.Message}"));
            }
            catch (XunitException e)
            {
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Message}\n(attempt {attempt}; requests reached the engine at most {live.MaxAdmissionLag.TotalMilliseconds:0} ms after their scheduled arrival)"));
            }
        }
    }

    private async Task PlannedPeakAsync(Plan plan, LiveMonitoring live)
    {
        // The plan's peak rate per replica, with Poisson arrivals and requests of the plan's mean length (440 words make
        // about its 512 prompt tokens; 256 tokens out), so the batch is as full as the plan has it at peak. There every
        // token gap lies between vLLM's 10 ms and 25 ms bucket bounds, and a p95 interpolated in that bucket reads about
        // 24 ms, over the 23.75 ms ITL target: the alerts count the gaps over 25 ms instead, and stay quiet.
        var rate = plan.Traffic.PeakQps / plan.Recommendations[0].Replicas;
        var duration = TimeSpan.FromSeconds(30);
        var load = live.LoadAsync(rate, promptWords: 440, maxTokens: (int)Math.Round(plan.Traffic.OutputTokens.Mean), duration, poissonSeed: 20261201);
        var seen = new HashSet<(string Name, string State)>();
        string raw = string.Empty;
        while (!load.IsCompleted)
        {
            (var alerts, raw) = await live.AlertsAsync();
            seen.UnionWith(alerts.Select(a => (a.Name, a.State)));
            await Task.Delay(250);
        }

        var statuses = await load;
        Assert.True(statuses.Keys.All(s => s == 200), $"requests failed: {string.Join(", ", statuses)}");

        // The load was the plan's peak: its rate and its prompts.
        var sent = statuses.Values.Sum();
        Assert.InRange(sent / duration.TotalSeconds, 0.85 * rate, 1.15 * rate);
        var prompt = await ValueAsync(live, "sum(rate(vllm:request_prompt_tokens_sum[1m])) / sum(rate(vllm:request_prompt_tokens_count[1m]))");
        Assert.InRange(prompt, 0.85 * plan.Traffic.PromptTokens.Mean, 1.15 * plan.Traffic.PromptTokens.Mean);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sent} requests in {duration.TotalSeconds} s ({rate:0.##} req/s planned), {prompt:0} prompt tokens each"));

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

        // And this is the load where the interpolated p95 misreads the ITL bucket: it is above the 80% of the target where
        // the quantile-based warning fired (docs/monitoring.md, "Latency alerts count").
        var itl = await ValueAsync(live, $"histogram_quantile(0.95, sum by (le) (rate(vllm:inter_token_latency_seconds_bucket[{PrometheusDuration.Format(LiveMonitoring.ShortWindows.RateWindow)}])))");
        var mean = await ValueAsync(live, "sum(rate(vllm:inter_token_latency_seconds_sum[1m])) / sum(rate(vllm:inter_token_latency_seconds_count[1m]))");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ITL: interpolated p95 {itl * 1000:0.##} ms, mean {mean * 1000:0.##} ms, target {plan.Slo.ItlMs} ms"));
        Assert.True(itl > 0.8 * plan.Slo.ItlMs / 1000, $"the interpolated p95 ITL at peak is {itl * 1000:0.##} ms: this scenario no longer covers the bucket-width misreading");

        // Long enough after the load for anything pending at its end to fire.
        var after = Stopwatch.StartNew();
        while (after.Elapsed < LiveMonitoring.ShortWindows.AlertFor + TimeSpan.FromSeconds(1))
        {
            (var alerts, raw) = await live.AlertsAsync();
            seen.UnionWith(alerts.Select(a => (a.Name, a.State)));
            await Task.Delay(250);
        }

        // Nothing fires, nothing reaches Alertmanager, and no latency alert so much as goes pending. Another alert may go
        // pending for an evaluation or two and no longer (one run in four here): the queue's signal is an instantaneous
        // gauge, and a burst of Poisson arrivals, or a stall of this shared machine (the simulator runs in real time, in
        // process), can leave 3 requests waiting at one scrape; it must hold for the 'for:' to fire.
        var listed = string.Join(", ", seen.Select(a => $"{a.Name} ({a.State})"));
        Assert.True(seen.All(a => a.State != "firing"), $"alerts firing under the plan's peak: {listed}\n/api/v1/alerts: {raw}");
        Assert.True(!seen.Any(a => a.Name.StartsWith("VllmTtftSlo", StringComparison.Ordinal) || a.Name.StartsWith("VllmItlSlo", StringComparison.Ordinal) || a.Name.StartsWith("VllmE2eSlo", StringComparison.Ordinal)),
            $"latency alerts under the plan's peak: {listed}\n/api/v1/alerts: {raw}");
        Assert.Empty(live.Deliveries);
        output.WriteLine(seen.Count == 0 ? "no alert pending or firing" : $"pending for a moment: {listed}");
    }

    [MonitoringFact]
    public async Task SlowEngine_FiresTheLatencyAlerts_AndNothingElse()
    {
        // Every engine step 20× slower (slow start over 10 minutes), at a light load that never queues.
        await using var live = await LiveMonitoring.StartAsync(TestPlans.Load(TestPlans.Chatbot), o => { o.SlowStartDuration = TimeSpan.FromMinutes(10); o.SlowStartFactor = 20; });
        await RunAsync(live, ct => live.LoadAsync(2, promptWords: 400, maxTokens: 64, ScenarioLimit, cancellationToken: ct), "VllmTtftSlo", "VllmItlSlo", "VllmE2eSlo");
    }

    [MonitoringFact]
    public async Task FailingRequests_FireTheErrorRateAlerts_AndNothingElse()
    {
        await using var live = await LiveMonitoring.StartAsync(TestPlans.Load(TestPlans.Chatbot), o => { o.FaultRate = 0.2; o.FaultStatusCodes = [500, 503]; });
        await RunAsync(live, ct => live.LoadAsync(5, promptWords: 100, maxTokens: 32, ScenarioLimit, cancellationToken: ct), "VllmErrorRate");
    }

    [MonitoringFact]
    public async Task OverloadPastThePlannedPeak_FiresTheQueueTimeToFirstTokenAndInterTokenAlerts_AndNothingElse()
    {
        // Four times as many clients as the replica has sequence slots, each asking for short answers back to back:
        // requests queue, so they wait for their first token; the batch is full (max-num-seqs, where the plan's peak
        // keeps about a third of it busy), and the prompts of 200 words fill each engine step's token budget with
        // prefill beside the decodes, so every step and thus every token gap is longer (about 60 ms; with one-word
        // prompts the gaps stay near 16 ms, under the 23.75 ms target, and only an interpolated p95 read them as slow).
        // Answers of 8 tokens keep whole requests within the E2E target, and the short sequences keep the KV cache
        // nearly empty.
        var plan = TestPlans.Load(TestPlans.Chatbot);
        await using var live = await LiveMonitoring.StartAsync(plan);
        var clients = 4 * live.Set.Settings.MaxNumSeqs;
        await RunAsync(live, ct => live.ClosedLoopAsync(clients, promptWords: 200, maxTokens: 8, ScenarioLimit, ct), "VllmQueueDepth", "VllmTtftSlo", "VllmItlSlo");
    }

    [MonitoringFact]
    public async Task Dashboard_EveryPanelQueryEvaluatesOnPrometheus_AndTheSloPanelsHaveData()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        await using var live = await LiveMonitoring.StartAsync(plan);
        await live.LoadAsync(plan.Traffic.MeanQps, promptWords: 200, maxTokens: 32, TimeSpan.FromSeconds(8));

        // The dashboard as Grafana's sidecar gets it: the ConfigMap's JSON.
        var configMap = Compass.Kserve.Yaml.YamlTree.Parse(live.Set.Documents.Single(d => d.Kind == "ConfigMap").Yaml)[0]!;
        var dashboard = JsonNode.Parse(configMap["data"]!.AsObject().Single().Value!.GetValue<string>())!;
        var panels = dashboard["panels"]!.AsArray();
        Assert.True(panels.Count >= 10, $"{panels.Count} panels");
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

        // The SLO question: each latency's p95 panel draws the target line, and its share panel is what the alerts
        // count, with their warning and critical shares as lines.
        static double[] Lines(JsonNode panel)
            => [.. panel["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray().Where(s => s!["value"] is not null).Select(s => s!["value"]!.GetValue<double>())];
        foreach (var (name, prefix, target) in new[] { ("time to first token", "VllmTtftSlo", plan.Slo.TtftMs), ("inter-token latency", "VllmItlSlo", plan.Slo.ItlMs), ("end-to-end latency", "VllmE2eSlo", plan.Slo.E2eMs) })
        {
            var percentile = panels.Single(p => p!["title"]!.GetValue<string>().StartsWith($"p95 {name} vs", StringComparison.Ordinal))!;
            Assert.Contains(Lines(percentile), v => Math.Abs(v - (target / 1000)) < 1e-9);

            var critical = live.Bundle.Alerts.Single(a => a.Name == prefix + "Critical");
            var warning = live.Bundle.Alerts.Single(a => a.Name == prefix + "Warning");
            var share = panels.Single(p => p!["targets"]!.AsArray().Any(t => t!["expr"]!.GetValue<string>() == critical.Signal))!;
            Assert.Equal([warning.Threshold, critical.Threshold], Lines(share));
        }
    }

    private static async Task<double> ValueAsync(LiveMonitoring live, string promql)
    {
        var (status, error, values, raw) = await live.QueryAsync(promql);
        Assert.True(status == "success" && values.Count == 1, $"{promql}: {error ?? raw}");
        return values[0];
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
            // A stall of this shared machine holds requests back and then hands them to the engine at once; the queue-depth
            // warning, an instantaneous gauge, may then go pending for a moment. That is excused only when a request was
            // measured arriving that late, and never once it fires.
            var stalled = live.MaxAdmissionLag > StallLag;
            var excused = unexpected.Where(u => stalled && u == "VllmQueueDepthWarning (pending)").ToList();
            foreach (var u in excused)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{u} excused: a request reached the engine {live.MaxAdmissionLag.TotalMilliseconds:0} ms after its scheduled arrival"));
            }

            unexpected.ExceptWith(excused);
            Assert.True(unexpected.Count == 0, $"unexpected alerts: {string.Join(", ", unexpected)} (requests reached the engine at most {live.MaxAdmissionLag.TotalMilliseconds:0} ms late)\n/api/v1/alerts: {raw}");
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
