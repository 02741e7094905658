using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests.Monitoring;

/// <summary>
/// promtool and amtool on everything Compass generates for monitoring: the rules file is valid, the unit tests Compass
/// generates for every alert pass against it (each alert quiet below its threshold, firing above it with the
/// annotations rendered from the value), and the Alertmanager configuration is valid.
/// </summary>
public sealed class PromtoolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("compass-promtool-").FullName;

    public static TheoryData<string, int, int> Cases => new()
    {
        // Plan, alert for: and rate window in seconds: production defaults and the short ones the live tests use.
        { TestPlans.Chatbot, 300, 300 },
        { TestPlans.Llama70B, 300, 300 },
        { TestPlans.Deferred, 600, 120 },
        { TestPlans.ChatbotMi300X, 3, 10 },
    };

    [MonitoringTheory]
    [MemberData(nameof(Cases))]
    public async Task GeneratedRulesTestsAndAlertmanagerConfig_PassPromtoolAndAmtool(string plan, int forSeconds, int windowSeconds)
    {
        var options = new ManifestOptions
        {
            Namespace = "llm",
            Monitoring = new MonitoringOptions
            {
                AlertFor = TimeSpan.FromSeconds(forSeconds),
                RateWindow = TimeSpan.FromSeconds(windowSeconds),
                Alertmanager = new AlertmanagerOptions { CredentialsFile = "/etc/alertmanager/secrets/compass/token" },
            },
        };
        var bundle = TestPlans.Generator().Generate(TestPlans.Load(plan), options: options).Monitoring!;
        await File.WriteAllTextAsync(Path.Combine(_folder, MonitoringBundle.RulesFileName), bundle.RulesFile);
        await File.WriteAllTextAsync(Path.Combine(_folder, "rule-tests.yaml"), bundle.RuleTests);
        await File.WriteAllTextAsync(Path.Combine(_folder, "alertmanager.yml"), bundle.AlertmanagerConfig);

        var promtool = MonitoringTools.Require(MonitoringTools.Promtool, "promtool");
        var check = await MonitoringTools.RunAsync(promtool, _folder, "check", "rules", MonitoringBundle.RulesFileName);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {bundle.Alerts.Length} rules found", check.Output, StringComparison.Ordinal);

        var test = await MonitoringTools.RunAsync(promtool, _folder, "test", "rules", "rule-tests.yaml");
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("SUCCESS", test.Output, StringComparison.Ordinal);

        var amtool = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Amtool, "amtool"), _folder, "check-config", "alertmanager.yml");
        Assert.True(amtool.ExitCode == 0, amtool.Output);
        Assert.Contains("SUCCESS", amtool.Output, StringComparison.Ordinal);
    }

    [MonitoringFact]
    public async Task GeneratedRuleTests_FailAgainstRulesThatDoNotMatchThem()
    {
        // The tests state for: and the thresholds' rendered values; rules generated with a longer for: must fail them,
        // or the tests could pass whatever the rules said.
        var plan = TestPlans.Load(TestPlans.Chatbot);
        ManifestSet Generate(int forSeconds) => TestPlans.Generator().Generate(plan, options: new ManifestOptions
        {
            Namespace = "llm",
            Monitoring = new MonitoringOptions { AlertFor = TimeSpan.FromSeconds(forSeconds), RateWindow = TimeSpan.FromSeconds(60) },
        });
        await File.WriteAllTextAsync(Path.Combine(_folder, MonitoringBundle.RulesFileName), Generate(600).Monitoring!.RulesFile);
        await File.WriteAllTextAsync(Path.Combine(_folder, "rule-tests.yaml"), Generate(60).Monitoring!.RuleTests);

        var test = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Promtool, "promtool"), _folder, "test", "rules", "rule-tests.yaml");
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("FAILED", test.Output, StringComparison.Ordinal);
        Assert.Contains("VllmTtftSloCritical", test.Output, StringComparison.Ordinal);
    }

    [MonitoringFact]
    public async Task GeneratedRuleTests_FailAgainstALatencyRuleThatCountsOverTheBoundBelow()
    {
        // The chatbot's ITL alerts count gaps over 25 ms; rules that counted over 10 ms (the bound below the 23.75 ms
        // target) would fire on gaps between 10 and 25 ms, as the quantile did at the plan's peak. The generated tests
        // feed exactly such gaps while they expect quiet, so they must fail against those rules, and only for ITL.
        var options = new ManifestOptions { Namespace = "llm", Monitoring = new MonitoringOptions { AlertFor = TimeSpan.FromSeconds(60), RateWindow = TimeSpan.FromSeconds(60) } };
        var bundle = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: options).Monitoring!;
        const string At25 = "le=~\\\"0[.]0250*\\\"";
        Assert.Contains(At25, bundle.RulesFile, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_folder, MonitoringBundle.RulesFileName), bundle.RulesFile.Replace(At25, "le=~\\\"0[.]010*\\\"", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(_folder, "rule-tests.yaml"), bundle.RuleTests);

        var test = await MonitoringTools.RunAsync(MonitoringTools.Require(MonitoringTools.Promtool, "promtool"), _folder, "test", "rules", "rule-tests.yaml");
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("FAILED", test.Output, StringComparison.Ordinal);
        Assert.Contains("VllmItlSloWarning", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("VllmTtftSlo", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("VllmE2eSlo", test.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
