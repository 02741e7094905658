using System.Collections.Immutable;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;
using Compass.Kserve.Vm;

namespace Compass.Kserve.Tests.Vm;

/// <summary>The plans and options the VM bundle tests generate from.</summary>
internal static class VmTestData
{
    public const string SlackFile = VmOptions.AlertmanagerSecretsFolder + "/slack-webhook-url";
    public const string PagerDutyFile = VmOptions.AlertmanagerSecretsFolder + "/pagerduty-routing-key";
    public const string SmtpFile = VmOptions.AlertmanagerSecretsFolder + "/smtp-password";

    public static readonly string[] Providers = ["aws", "gcp", "azure"];

    /// <summary>Three plans: H100 TP1 × 1, H100 TP4 × 1 (70B, FP8 KV cache), L4 TP4 × 7.</summary>
    public static readonly string[] Plans = [TestPlans.Chatbot, TestPlans.Llama70B, TestPlans.Deferred];

    public static CloudInstanceCatalog Instances => CloudInstanceCatalog.Embedded;

    public static VmBundleGenerator Generator() => new(TestPlans.Catalog);

    public static AlertmanagerOptions Receivers() => new()
    {
        SendToWebhooks = false,
        Email = new EmailAlerts { To = "oncall@example.com", From = "compass@example.com", Smarthost = "smtp.example.com:587", Username = "compass", PasswordFile = SmtpFile },
        Slack = new SlackAlerts { Channel = "#llm-alerts", ApiUrlFile = SlackFile },
        PagerDuty = new PagerDutyAlerts { RoutingKeyFile = PagerDutyFile },
    };

    public static VmOptions Options(string provider, params string[] cidrs) => new()
    {
        Provider = new CloudProvider(provider),
        AllowedCidrs = cidrs.Length == 0 ? ["10.0.0.0/8", "203.0.113.0/24"] : [.. cidrs],
        SshKeyName = provider == "gcp" ? null : "ops-key",
        SshKeyResourceGroup = provider == "azure" ? "ops-keys" : null,
        Manifest = new ManifestOptions { Namespace = "llm", Monitoring = new MonitoringOptions { Alertmanager = Receivers() } },
    };

    /// <summary>Whether the catalog has an instance of the provider that fits the plan's first recommendation (computed from the catalog, not assumed).</summary>
    public static bool Fits(string plan, string provider)
    {
        var r = TestPlans.Load(plan).Recommendations[0];
        return Instances.Instances.Any(i => i.Provider.Value == provider && i.Gpu == r.Gpu && i.GpuCount >= r.TensorParallel);
    }

    public static IEnumerable<(string Plan, string Provider)> Cases() => Plans.SelectMany(p => Providers.Select(v => (Plan: p, Provider: v)));

    public static TheoryData<string, string> Fitting()
    {
        var data = new TheoryData<string, string>();
        foreach (var (plan, provider) in Cases().Where(c => Fits(c.Plan, c.Provider)))
        {
            data.Add(plan, provider);
        }

        return data;
    }

    public static TheoryData<string, string> NotFitting()
    {
        var data = new TheoryData<string, string>();
        foreach (var (plan, provider) in Cases().Append((Plan: TestPlans.ChatbotMi300X, Provider: "aws")).Where(c => !Fits(c.Plan, c.Provider)))
        {
            data.Add(plan, provider);
        }

        return data;
    }

    public static VmBundle Generate(string plan, string provider) => Generator().Generate(TestPlans.Load(plan), null, Options(provider));

    public static ImmutableArray<string> KserveArguments(string plan)
        => TestPlans.Generator().Generate(TestPlans.Load(plan), options: new ManifestOptions { Namespace = "llm" }).Settings.Arguments;
}
