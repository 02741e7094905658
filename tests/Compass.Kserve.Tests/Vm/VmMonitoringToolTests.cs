using Compass.Kserve.Tests.Monitoring;
using Compass.Kserve.Vm;

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

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
