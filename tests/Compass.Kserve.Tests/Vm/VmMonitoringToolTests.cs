using System.Globalization;
using System.Text;
using Compass.Kserve.Manifests;
using Compass.Kserve.Tests.Monitoring;
using Compass.Kserve.Vm;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Vm;

/// <summary>
/// The VM stack's Prometheus and Alertmanager configurations, checked by the real tools: <c>promtool check config</c>
/// (which also checks the rules file the configuration loads) and <c>amtool check-config</c> with e-mail, Slack and
/// PagerDuty receivers. Without the tools these are skipped locally and fail on CI (<see cref="MonitoringTools"/>).
/// </summary>
public sealed class VmMonitoringToolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("compass-vm-tools-").FullName;

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    [MonitoringTheory]
    [MemberData(nameof(Fitting))]
    public async Task PrometheusConfig_PassesPromtoolWithItsRules(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Prometheus), bundle[StackFiles.Prometheus]);
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Rules), bundle[StackFiles.Rules]);

        var check = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Promtool, "promtool"), _folder, "check", "config", StackFiles.Prometheus);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {bundle.Monitoring.Alerts.Length} rules found", check.Output, StringComparison.Ordinal);
    }

    [MonitoringTheory]
    [MemberData(nameof(Fitting))]
    public async Task AlertmanagerConfig_PassesAmtoolWithEmailSlackAndPagerDuty(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var config = bundle[StackFiles.Alertmanager];
        Assert.Contains("email_configs", config, StringComparison.Ordinal);
        Assert.Contains("slack_configs", config, StringComparison.Ordinal);
        Assert.Contains("pagerduty_configs", config, StringComparison.Ordinal);
        Assert.DoesNotContain("webhook_configs", config, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Alertmanager), config);

        var check = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Amtool, "amtool"), _folder, "check-config", StackFiles.Alertmanager);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS", check.Output, StringComparison.Ordinal);
        Assert.Contains("2 receivers", check.Output, StringComparison.Ordinal);
    }

    [MonitoringFact]
    public async Task Promtool_FailsAConfigWhoseRulesFileIsBroken()
    {
        // promtool check config must read the rules the configuration names, or the test above proves less than it says.
        var bundle = VmTestData.Generate(TestPlans.Chatbot, "aws");
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Prometheus), bundle[StackFiles.Prometheus]);
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Rules), bundle[StackFiles.Rules].Replace("expr: ", "expr: sum(", StringComparison.Ordinal));

        var check = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Promtool, "promtool"), _folder, "check", "config", StackFiles.Prometheus);
        Assert.NotEqual(0, check.ExitCode);
    }

    [MonitoringFact]
    public async Task QueueDepth_OfAVmWithSeveralReplicas_IsPerReplica_NotTheSum()
    {
        // Azure's 8-GPU VM runs 8 replicas of the TP-1 chatbot. The queue alerts read "waiting requests per replica": with
        // every replica just below the threshold they stay quiet, though the VM's sum is 8 times the threshold.
        var bundle = VmTestData.Generate(TestPlans.Chatbot, "azure");
        Assert.Equal(8, bundle.ReplicasPerVm);
        var queue = bundle.Monitoring.Alerts.Where(a => a.Name.StartsWith("VllmQueueDepth", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, queue.Count);

        var config = YamlTree.Parse(bundle[StackFiles.Prometheus]).Single()!;
        var targets = config["scrape_configs"]!.AsArray().Single(j => j!["job_name"]!.GetValue<string>() == "vllm")!["static_configs"]!.AsArray();
        Assert.Equal(8, targets.Count);

        var tests = new StringBuilder();
        tests.Append("rule_files:\n  - ").Append(StackFiles.Rules).Append("\nevaluation_interval: 15s\ntests:\n");
        foreach (var alert in queue)
        {
            // Past the alert's for: and a little more, at the rules' evaluation interval.
            var evalSeconds = (int)alert.For.TotalSeconds + 120;
            var samples = (evalSeconds / 15) + 8;
            foreach (var share in new[] { 0.75, 1.5 })
            {
                var waiting = alert.Threshold * share;
                tests.Append("  - interval: 15s\n    input_series:\n");
                foreach (var target in targets)
                {
                    var labels = target!["labels"]!.AsObject().Select(l => $"{l.Key}=\"{l.Value!.GetValue<string>()}\"")
                        .Append($"instance=\"{target["targets"]![0]!.GetValue<string>()}\"").Append("job=\"vllm\"");
                    var set = string.Join(",", labels);
                    tests.Append("      - series: '").Append(VllmMetrics.RequestsWaiting).Append('{').Append(set).Append("}'\n        values: '").Append(F(waiting)).Append('x').Append(samples).Append("'\n");
                    tests.Append("      - series: '").Append(VllmMetrics.RequestsRunning).Append('{').Append(set).Append("}'\n        values: '4x").Append(samples).Append("'\n");
                }

                tests.Append("    promql_expr_test:\n");
                var at = $"\n        eval_time: {evalSeconds}s\n        exp_samples:";
                tests.Append("      - expr: '").Append(alert.Signal).Append('\'').Append(at).Append("\n          - labels: '{}'\n            value: ").Append(F(waiting)).Append('\n');

                // The rule itself, as the rules file has it: firing only when each replica's queue is above the threshold.
                tests.Append("      - expr: 'count(ALERTS{alertname=\"").Append(alert.Name).Append("\",alertstate=\"firing\"})'").Append(at);
                tests.Append(share < 1 ? " []\n" : "\n          - labels: '{}'\n            value: 1\n");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Rules), bundle[StackFiles.Rules]);
        await File.WriteAllTextAsync(Path.Combine(_folder, "queue-tests.yaml"), tests.ToString());
        var promtool = MonitoringTools.Require(MonitoringTools.Promtool, "promtool");
        var test = await MonitoringTools.RunAsync(promtool, _folder, "test", "rules", "queue-tests.yaml");
        Assert.True(test.ExitCode == 0, test.Output + "\n" + tests);

        // The same tests fail against a queue signal summed over the replicas, so they can tell the two apart.
        var summed = bundle[StackFiles.Rules].Replace($" / clamp_min(count({VllmMetrics.RequestsRunning}", $" / clamp_min(0 * count({VllmMetrics.RequestsRunning}", StringComparison.Ordinal);
        Assert.NotEqual(bundle[StackFiles.Rules], summed);
        await File.WriteAllTextAsync(Path.Combine(_folder, StackFiles.Rules), summed);
        var broken = await MonitoringTools.RunAsync(promtool, _folder, "test", "rules", "queue-tests.yaml");
        Assert.NotEqual(0, broken.ExitCode);
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
