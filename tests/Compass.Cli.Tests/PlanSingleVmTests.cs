using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Cli.Tests;

/// <summary>
/// compass plan puts each option's single-VM alternative beside its Kubernetes GPU-hours: in the text, the JSON, Markdown
/// and CSV, at the prices of the VM catalog (read here from the catalog, never written into the test).
/// </summary>
public sealed partial class PlanSingleVmTests
{
    private const string Description = "customer service chatbot for 5000 users, low latency";

    private static CloudInstanceCatalog Instances => CloudInstanceCatalog.Embedded;

    [Fact]
    public async Task Json_EachOptionHasASingleVmEntryPerProvider_PricedFromTheCatalog()
    {
        var run = await CliRun.RunAsync("plan", Description, "--gpu", "H100", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var json = JsonNode.Parse(run.Stdout)!.AsObject();
        var hours = json["constraints"]!["costs"]!["hoursPerMonth"]!.GetValue<double>();
        var recommendations = json["recommendations"]!.AsArray();
        Assert.NotEmpty(recommendations);
        foreach (var r in recommendations)
        {
            var gpu = new GpuType(r!["gpu"]!.GetValue<string>());
            var tp = r["tensorParallel"]!.GetValue<int>();
            var replicas = r["replicas"]!.GetValue<int>();
            var vm = r["singleVm"]!;
            Assert.Equal(hours, vm["hoursPerMonth"]!.GetValue<double>());
            Assert.Equal(r["cost"]!["monthlyUsd"]!.GetValue<double>(), vm["kubernetesMonthlyUsd"]!.GetValue<double>());
            var providers = vm["providers"]!.AsArray();
            Assert.Equal(Instances.Providers.Select(p => p.Value), providers.Select(p => p!["provider"]!.GetValue<string>()));
            foreach (var entry in providers)
            {
                var provider = new CloudProvider(entry!["provider"]!.GetValue<string>());
                var fit = Cheapest(provider, gpu, tp, replicas);
                var match = entry["match"]!.GetValue<string>();
                Assert.Equal(fit is null ? "closest" : "exact", match);
                var row = Instances.Instances.Single(i => i.Provider == provider && i.Type == entry["instance"]!["type"]!.GetValue<string>());
                var vms = replicas;
                if (fit is { } f)
                {
                    Assert.Equal(f.Instance, row);
                    vms = f.Vms;
                    Assert.Equal(f.PerVm, entry["replicasPerVm"]!.GetValue<int>());
                    Assert.Equal(f.Vms * f.PerVm, entry["replicas"]!.GetValue<int>());
                    Assert.Equal((row.GpuCount - (f.PerVm * tp)) * f.Vms, entry["idleGpus"]!.GetValue<int>());
                }

                Assert.Equal(vms, entry["vmCount"]!.GetValue<int>());
                Assert.Equal(row.OnDemandUsdPerHour, entry["vmUsdPerHour"]!.GetValue<double>());
                Assert.Equal(Math.Round(row.OnDemandUsdPerHour * vms * hours, 2), entry["monthlyUsd"]!.GetValue<double>());
                Assert.Equal(row.Region, entry["priceRegion"]!.GetValue<string>());
            }
        }

        // The plan file still reads (generate --plan), the single-VM prices being the CLI's addition.
        Assert.Equal(recommendations.Count, PlanFile.Parse(run.Stdout).Recommendations.Length);
    }

    [Fact]
    public async Task Text_ShowsEachOptionsSingleVmPrices_NextToItsCost()
    {
        var json = JsonNode.Parse((await CliRun.RunAsync("plan", Description, "--gpu", "H100", "--json")).Stdout)!;
        var run = await CliRun.RunWithEnvironmentAsync(new Dictionary<string, string> { ["COLUMNS"] = "140" }, "plan", Description, "--gpu", "H100");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var text = Unwrapped(run.Stdout);
        var hours = json["constraints"]!["costs"]!["hoursPerMonth"]!.GetValue<double>();
        foreach (var r in json["recommendations"]!.AsArray())
        {
            var gpu = new GpuType(r!["gpu"]!.GetValue<string>());
            var tp = r["tensorParallel"]!.GetValue<int>();
            var replicas = r["replicas"]!.GetValue<int>();
            var expected = new List<string>();
            foreach (var provider in Instances.Providers)
            {
                var (fit, perVm, vms) = Cheapest(provider, gpu, tp, replicas)!.Value;
                var notes = new List<string>();
                if (perVm > 1)
                {
                    notes.Add(vms > 1 ? F($"{perVm} replicas each{(vms * perVm > replicas ? F($", {vms * perVm} in all") : string.Empty)}") : F($"{perVm} replicas"));
                }

                if (fit.GpuCount > perVm * tp)
                {
                    notes.Add(F($"{fit.GpuCount - (perVm * tp)} of {fit.GpuCount} GPUs idle"));
                }

                var detail = notes.Count > 0 ? " (" + string.Join(", ", notes) + ")" : string.Empty;
                var count = vms > 1 ? F($"{vms} × ") : string.Empty;
                var each = vms > 1 ? " each" : string.Empty;
                expected.Add(F($"{provider} {count}{fit.Type}{detail} ${fit.OnDemandUsdPerHour:0.00}/h{each}, ${fit.OnDemandUsdPerHour * vms * hours:N0}/mo"));
            }

            // The line follows the option's GPU-hour cost.
            var line = "single VM" + (replicas > 1 ? F($", {replicas} replicas") : string.Empty) + ", list on-demand: " + string.Join(" · ", expected);
            var cost = F($"cost: {r["cost"]!["basis"]!.GetValue<string>()} {line}");
            Assert.Contains(cost, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    public async Task Text_MarksTheClosestAlternative_AndFitsANarrowTerminal(int width)
    {
        // No provider rents an MI300X VM: every price is the closest alternative, marked and explained in the legend.
        var json = JsonNode.Parse((await CliRun.RunAsync("plan", Description, "--gpu", "MI300X", "--top", "3", "--json")).Stdout)!;
        var run = await CliRun.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["COLUMNS"] = width.ToString(CultureInfo.InvariantCulture) }, "plan", Description, "--gpu", "MI300X", "--top", "3");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.All(run.Stdout.ReplaceLineEndings("\n").Split('\n'), line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        var text = Unwrapped(run.Stdout);
        Assert.Contains("≈ = closest single VM", text, StringComparison.Ordinal);
        foreach (var entry in json["recommendations"]!.AsArray().SelectMany(r => r!["singleVm"]!["providers"]!.AsArray()))
        {
            Assert.Equal("closest", entry!["match"]!.GetValue<string>());
            var type = entry["instance"]!["type"]!.GetValue<string>();
            var row = Instances.Instances.Single(i => i.Provider.Value == entry["provider"]!.GetValue<string>() && i.Type == type);
            Assert.NotEqual(GpuType.Parse("MI300X"), row.Gpu);
            Assert.Contains(F($"≈{type} ({row.GpuCount}× {row.Gpu}, "), text, StringComparison.Ordinal);
            Assert.Contains(F($"${row.OnDemandUsdPerHour:0.00}/h"), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Csv_HasTheSingleVmColumnsOfEachProvider_MatchingTheJson()
    {
        var csv = await CliRun.RunAsync("plan", Description, "--format", "csv");
        var json = JsonNode.Parse((await CliRun.RunAsync("plan", Description, "--json")).Stdout)!;

        Assert.Equal(ExitCodes.Success, csv.ExitCode);
        var rows = Csv.Parse(csv.Stdout);
        var header = rows[0];
        var recommendations = json["recommendations"]!.AsArray();
        Assert.Equal(recommendations.Count, rows.Count - 1);
        for (var i = 0; i < recommendations.Count; i++)
        {
            var row = rows[i + 1];
            foreach (var entry in recommendations[i]!["singleVm"]!["providers"]!.AsArray())
            {
                var p = entry!["provider"]!.GetValue<string>();
                string Cell(string column) => row[header.IndexOf($"vm_{p}_{column}")];
                Assert.Equal(entry["match"]!.GetValue<string>(), Cell("match"));
                if (entry["instance"] is null)
                {
                    Assert.Equal(["", "", "", ""], new[] { Cell("instance"), Cell("vms"), Cell("usd_per_vm_hour"), Cell("monthly_usd") });
                    continue;
                }

                Assert.Equal(entry["instance"]!["type"]!.GetValue<string>(), Cell("instance"));
                Assert.Equal(entry["vmCount"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), Cell("vms"));
                Assert.Equal(entry["vmUsdPerHour"]!.GetValue<double>(), double.Parse(Cell("usd_per_vm_hour"), CultureInfo.InvariantCulture));
                Assert.Equal(entry["monthlyUsd"]!.GetValue<double>(), double.Parse(Cell("monthly_usd"), CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public async Task Markdown_HasTheSingleVmColumns()
    {
        var run = await CliRun.RunAsync("plan", Description, "--format", "markdown", "--top", "2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var headerLine = run.Stdout.Split('\n')[0];
        foreach (var provider in Instances.Providers)
        {
            Assert.Contains(F($"| vm_{provider}_instance | vm_{provider}_match | vm_{provider}_vms | vm_{provider}_usd_per_vm_hour | vm_{provider}_monthly_usd |"), headerLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Text_TheRagAssistantOnAzureH100_PacksEightReplicasPerVm()
    {
        // Azure's only H100 VM has 8 GPUs. One VM per replica priced 29 of them for 29 TP-1 replicas, 7 GPUs of each idle;
        // packed, 4 VMs run 32 replicas and none is idle.
        var run = await CliRun.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["COLUMNS"] = "200" }, "plan", "RAG assistant over our wiki for 20,000 employees, accuracy matters most", "--gpu", "H100", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var packed = JsonNode.Parse(run.Stdout)!["recommendations"]!.AsArray()
            .Where(r => r!["tensorParallel"]!.GetValue<int>() == 1 && r["replicas"]!.GetValue<int>() > 8)
            .Select(r => (Replicas: r!["replicas"]!.GetValue<int>(), Azure: r["singleVm"]!["providers"]!.AsArray().Single(p => p!["provider"]!.GetValue<string>() == "azure")!))
            .ToList();
        Assert.NotEmpty(packed);
        foreach (var (replicas, azure) in packed)
        {
            Assert.Equal("Standard_ND96isr_H100_v5", azure["instance"]!["type"]!.GetValue<string>());
            Assert.Equal(8, azure["replicasPerVm"]!.GetValue<int>());
            Assert.Equal((replicas + 7) / 8, azure["vmCount"]!.GetValue<int>());
            Assert.Equal(0, azure["idleGpus"]!.GetValue<int>());
        }
    }

    // The cheapest way to carry the replicas on one provider's instances with the planned GPU: each VM runs as many
    // replicas as its GPUs hold, and the VMs cost least per hour (ties: fewer VMs, then fewer GPUs).
    private static (CloudInstance Instance, int PerVm, int Vms)? Cheapest(CloudProvider provider, GpuType gpu, int tp, int replicas)
    {
        var options = Instances.Instances.Where(i => i.Provider == provider && i.Gpu == gpu && i.GpuCount >= tp)
            .Select(i => (Instance: i, PerVm: i.GpuCount / tp, Vms: (int)Math.Ceiling(replicas / (double)(i.GpuCount / tp))))
            .OrderBy(c => Math.Round(c.Vms * c.Instance.OnDemandUsdPerHour, 6)).ThenBy(c => c.Vms).ThenBy(c => c.Instance.GpuCount)
            .ToList();
        return options.Count == 0 ? null : options[0];
    }

    // The text as one line: prose is wrapped at spaces, continuation lines indented.
    private static string Unwrapped(string text) => Wrap().Replace(text.ReplaceLineEndings("\n"), " ");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@" *\n *")]
    private static partial Regex Wrap();
}
