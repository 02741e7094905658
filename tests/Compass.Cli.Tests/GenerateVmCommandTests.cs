using System.Text.Json.Nodes;
using Compass.Core.Knowledge;

namespace Compass.Cli.Tests;

/// <summary><c>compass generate --target vm</c>: the bundle, its JSON summary, and bad input as one line with exit 2.</summary>
public sealed class GenerateVmCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-generate-vm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Plan(string name) => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Compass.Kserve.Tests", "Manifests", "Plans", name + ".json");

    [Fact]
    public async Task GenerateVm_WritesTheBundle_AndAJsonSummaryWithBothPrices()
    {
        var output = Path.Combine(_root, "vm");
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "aws", "--allow-cidr", "10.0.0.0/8",
            "--allow-cidr", "192.0.2.0/24", "--ssh-key", "ops", "--alert-slack", "#llm", "--alert-pagerduty", "--out", output, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        var json = JsonNode.Parse(run.Stdout)!;
        var type = json["instance"]!["type"]!.GetValue<string>();
        var instance = CloudInstanceCatalog.Embedded.Instances.Single(i => i.Provider.Value == "aws" && i.Type == type);
        Assert.Equal("H100", instance.Gpu.Value);
        Assert.Equal(instance.OnDemandUsdPerHour, json["cost"]!["vmUsdPerHour"]!.GetValue<double>());
        Assert.True(json["cost"]!["kubernetes"]!["monthlyUsd"]!.GetValue<double>() > 0);
        Assert.Equal("2026-12", json["cost"]!["priceAsOf"]!.GetValue<string>());
        Assert.Equal(["10.0.0.0/8", "192.0.2.0/24"], json["allowedCidrs"]!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var file in json["files"]!.AsArray())
        {
            Assert.True(File.Exists(file!.GetValue<string>()));
        }

        Assert.Contains("key_name", await File.ReadAllTextAsync(Path.Combine(output, "main.tf")), StringComparison.Ordinal);

        // Again into the same folder: Compass replaces its own files; an edited one needs --force.
        await File.AppendAllTextAsync(Path.Combine(output, "compose.yaml"), "# edited\n");
        var again = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "aws", "--allow-cidr", "10.0.0.0/8", "--alert-slack", "#llm", "--out", output);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateVm_OnAnEightGpuVm_PacksReplicasBehindTheProxy_AndSaysSo()
    {
        // Azure's only H100 VM has 8 GPUs: the TP-1 chatbot runs 8 replicas on it, behind nginx, as the plan prices it.
        var output = Path.Combine(_root, "packed");
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "azure", "--allow-cidr", "10.0.0.0/8",
            "--ssh-key", "ops", "--ssh-key-group", "keys", "--alert-slack", "#llm", "--out", output, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(8, json["instance"]!["gpuCount"]!.GetValue<int>());
        Assert.Equal(1, json["vmCount"]!.GetValue<int>());
        Assert.Equal(8, json["replicasPerVm"]!.GetValue<int>());
        Assert.Equal(8, json["replicas"]!.GetValue<int>());
        Assert.Equal(0, json["cost"]!["idleGpus"]!.GetValue<int>());
        Assert.Contains(json["files"]!.AsArray(), f => f!.GetValue<string>().EndsWith("nginx.conf", StringComparison.Ordinal));
        var compose = await File.ReadAllTextAsync(Path.Combine(output, "compose.yaml"));
        Assert.Contains("  vllm-7:\n", compose, StringComparison.Ordinal);
        Assert.Contains("  proxy:\n", compose, StringComparison.Ordinal);

        var text = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "azure", "--allow-cidr", "10.0.0.0/8",
            "--ssh-key", "ops", "--ssh-key-group", "keys", "--alert-slack", "#llm", "--out", Path.Combine(_root, "packed-text"));
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("1 × Standard_ND96isr_H100_v5 (8× H100, 8 replicas each, 8 in all)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: Each VM runs 8 vLLM replicas", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateVm_AlertTiming_ReachesThePrometheusRulesOnTheVm()
    {
        var output = Path.Combine(_root, "timed");
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "aws", "--allow-cidr", "10.0.0.0/8",
            "--alert-slack", "#llm", "--alert-for", "3s", "--alert-window", "10s", "--out", output);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var rules = await File.ReadAllTextAsync(Path.Combine(output, "prometheus-rules.yaml"));
        var alerts = System.Text.RegularExpressions.Regex.Count(rules, "- alert: ");
        Assert.True(alerts >= 10, rules);
        Assert.Equal(alerts, System.Text.RegularExpressions.Regex.Count(rules, "for: \"3s\""));
        Assert.Contains("[10s]", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("[5m]", await File.ReadAllTextAsync(Path.Combine(output, "grafana-dashboard.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateVm_OpenToTheInternet_WarnsInTheOutput()
    {
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--provider", "gcp", "--allow-cidr", "0.0.0.0/0",
            "--alert-email", "ops@example.com", "--smtp-host", "smtp.example.com:587", "--smtp-from", "compass@example.com", "--out", Path.Combine(_root, "open"));
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("warning: The firewall admits the whole internet", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--provider oracle --allow-cidr 10.0.0.0/8 --alert-slack #x", "--provider", "aws, gcp, azure")]
    [InlineData("--allow-cidr 10.0.0.0/8 --alert-slack #x", "--provider", "aws, gcp, azure")]
    [InlineData("--provider aws --alert-slack #x", "--allow-cidr", "10.0.0.0/8")]
    [InlineData("--provider aws --allow-cidr 10.0.0.1/8 --alert-slack #x", "--allow-cidr", "host bits")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8", "--alert-email", "--alert-slack")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8 --alert-pagerduty", "--alert-pagerduty", "warnings")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8 --alert-email a@example.com", "--smtp-host", "--smtp-from")]
    [InlineData("--provider gcp --allow-cidr 10.0.0.0/8 --alert-slack #x --ssh-key k", "--ssh-key", "OS Login")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8 --alert-slack #x --simulator", "--simulator", "--target vm")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8 --alert-slack #x --alert-window 90", "--alert-window", "has no unit")]
    [InlineData("--provider aws --allow-cidr 10.0.0.0/8 --alert-slack #x --runbook-url wiki/runbook", "--runbook-url", "absolute http(s) URL")]
    public async Task GenerateVm_BadInput_IsOneLineNamingTheFlag_Exit2(string args, string flag, string fix)
    {
        var run = await CliRun.RunAsync(["generate", "--plan", Plan("chatbot-h100-tp1"), "--target", "vm", "--out", Path.Combine(_root, "bad"), .. args.Split(' ')]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(flag, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(fix, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));
    }

    [Fact]
    public async Task GenerateVm_APlanWhoseGpuNoProviderOffers_IsRefusedWithTheClosestAlternative()
    {
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-mi300x"), "--target", "vm", "--provider", "azure", "--allow-cidr", "10.0.0.0/8", "--alert-slack", "#x", "--out", Path.Combine(_root, "amd"));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("MI300X", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Closest on azure", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--gpu", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VmOptions_WithoutTargetVm_AreRefused()
    {
        var run = await CliRun.RunAsync("generate", "--plan", Plan("chatbot-h100-tp1"), "--allow-cidr", "10.0.0.0/8");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--allow-cidr only applies with --target vm", run.Stderr, StringComparison.Ordinal);
    }
}
