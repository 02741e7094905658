using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Kserve.Vm;
using Compass.Kserve.Yaml;
using Compass.Testing;

namespace Compass.Kserve.Tests.Vm;

/// <summary>The single-VM bundle: the instance it picks, the Compose stack, cloud-init and the refusals.</summary>
public sealed class VmBundleTests
{
    private static readonly string[] Monitoring = ["prometheus", "alertmanager", "grafana"];

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    public static TheoryData<string, string> NotFitting => VmTestData.NotFitting();

    [Fact]
    public void Cases_CoverBothFittingAndRefusedCombinations()
    {
        // Three plans × three providers: most fit, and at least one must be refused, or the refusal path is untested.
        Assert.True(VmTestData.Fitting().Count >= 6);
        Assert.NotEmpty(VmTestData.NotFitting());
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Generate_PicksTheInstanceThatCarriesEveryReplicaForTheLeast(string plan, string provider)
    {
        var r = TestPlans.Load(plan).Recommendations[0];
        var bundle = VmTestData.Generate(plan, provider);

        Assert.Equal(provider, bundle.Instance.Provider.Value);
        Assert.Equal(r.Gpu, bundle.Instance.Gpu);
        Assert.True(bundle.Instance.GpuCount >= r.TensorParallel);
        var fitting = VmTestData.Instances.Instances.Where(i => i.Provider == bundle.Provider && i.Gpu == r.Gpu && i.GpuCount >= r.TensorParallel).ToList();
        double Hourly(CloudInstance i) => Math.Ceiling(r.Replicas / (double)(i.GpuCount / r.TensorParallel)) * i.OnDemandUsdPerHour;
        Assert.Equal(fitting.Min(Hourly), Hourly(bundle.Instance), 6);
        Assert.Equal(bundle.Instance.GpuCount / r.TensorParallel, bundle.ReplicasPerVm);
        Assert.Equal((r.Replicas + bundle.ReplicasPerVm - 1) / bundle.ReplicasPerVm, bundle.VmCount);
        Assert.Equal(bundle.VmCount * bundle.ReplicasPerVm, bundle.Replicas);
        Assert.InRange(bundle.Replicas - r.Replicas, 0, bundle.ReplicasPerVm - 1);
        Assert.Equal(bundle.Instance.Region, bundle.Region);
        Assert.True(bundle.DiskGiB >= bundle.Settings.WeightsGiB + 60, $"disk {bundle.DiskGiB} GB for {bundle.Settings.WeightsGiB} GiB of weights");
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Cost_PutsTheVmPriceBesideThePlansKubernetesGpuHours(string plan, string provider)
    {
        var r = TestPlans.Load(plan).Recommendations[0];
        var bundle = VmTestData.Generate(plan, provider);
        var cost = bundle.Cost;

        Assert.Equal(bundle.Instance.OnDemandUsdPerHour * bundle.VmCount, cost.TotalUsdPerHour, 6);
        Assert.Equal(cost.TotalUsdPerHour * 730, cost.MonthlyUsd, 6);
        Assert.Equal((bundle.Instance.GpuCount - (bundle.ReplicasPerVm * r.TensorParallel)) * bundle.VmCount, cost.IdleGpus);
        Assert.Equal(r.Cost.MonthlyUsd, cost.KubernetesMonthlyUsd);
        Assert.Equal(r.Cost.UsdPerGpuHour, cost.KubernetesUsdPerGpuHour);
        Assert.Equal(r.TotalGpus, cost.KubernetesGpus);
        Assert.Equal("2026-12", cost.PriceAsOf);

        var readme = bundle[StackFiles.Readme];
        Assert.Contains(cost.MonthlyUsd.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), readme, StringComparison.Ordinal);
        Assert.Contains(cost.KubernetesMonthlyUsd.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), readme, StringComparison.Ordinal);
        Assert.Contains("list on-demand", readme, StringComparison.Ordinal);
        Assert.Contains(bundle.Instance.Source.ToString(), readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Compose_RunsVllmWithTheKserveArgumentsAndThePlansGpus(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var compose = YamlTree.Parse(bundle[StackFiles.Compose]).Single()!.AsObject();
        var k = bundle.ReplicasPerVm;
        var tp = bundle.Settings.TensorParallel;
        string[] replicas = k == 1 ? ["vllm"] : [.. Enumerable.Range(0, k).Select(i => $"vllm-{i}")];
        Assert.Equal([.. replicas, .. k > 1 ? ["proxy"] : Array.Empty<string>(), .. Monitoring], compose["services"]!.AsObject().Select(p => p.Key));

        // The KServe manifests' arguments, with only the model's location changed (Hugging Face instead of KServe's mount).
        var kserve = VmTestData.KserveArguments(plan);
        var gpus = new List<int>();
        foreach (var name in replicas)
        {
            var vllm = compose["services"]![name]!;
            var command = vllm["command"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(kserve.Length, command.Count);
            Assert.Equal("--model=" + bundle.Settings.Checkpoint, command[0]);
            Assert.StartsWith("--model=/mnt/models", kserve[0], StringComparison.Ordinal);
            Assert.Equal(kserve.Skip(1), command.Skip(1));
            Assert.Equal(bundle.VllmArguments, command);
            Assert.Equal(bundle.VllmImage, vllm["image"]!.GetValue<string>());

            var device = vllm["deploy"]!["resources"]!["reservations"]!["devices"]![0]!;
            Assert.Equal("nvidia", device["driver"]!.GetValue<string>());
            if (k == 1)
            {
                // Alone, vLLM takes its GPUs by count and publishes the API port itself.
                Assert.Equal(tp, device["count"]!.GetValue<int>());
                Assert.Equal($"{VmTestData.Options(provider).ApiPort}:8080", vllm["ports"]![0]!.GetValue<string>());
            }
            else
            {
                // Beside others, each replica reserves its own GPUs by index, and only the proxy publishes a port.
                Assert.Null(device["count"]);
                Assert.Null(vllm["ports"]);
                var ids = device["device_ids"]!.AsArray().Select(n => int.Parse(n!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(tp, ids.Count);
                gpus.AddRange(ids);
            }
        }

        if (k > 1)
        {
            // Every replica a group of its own: no GPU twice, none beyond the instance's.
            Assert.Equal(k * tp, gpus.Distinct().Count());
            Assert.All(gpus, g => Assert.InRange(g, 0, bundle.Instance.GpuCount - 1));
            var proxy = compose["services"]!["proxy"]!;
            Assert.Equal($"{VmTestData.Options(provider).ApiPort}:8080", proxy["ports"]![0]!.GetValue<string>());
            Assert.Equal(replicas, proxy["depends_on"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal($"./{StackFiles.Proxy}:/etc/nginx/nginx.conf:ro", proxy["volumes"]![0]!.GetValue<string>());
        }

        // Secrets are files made on the VM; Grafana's password comes from the file its environment names.
        foreach (var (_, secret) in compose["secrets"]!.AsObject())
        {
            Assert.StartsWith("./secrets/", secret!["file"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal("/run/secrets/grafana_admin_password", compose["services"]!["grafana"]!["environment"]!["GF_SECURITY_ADMIN_PASSWORD__FILE"]!.GetValue<string>());
        Assert.DoesNotContain("GF_SECURITY_ADMIN_PASSWORD:", bundle[StackFiles.Compose], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Prometheus_ScrapesVllmWithTheLabelsTheRulesSelect(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var config = YamlTree.Parse(bundle[StackFiles.Prometheus]).Single()!;
        var vllm = config["scrape_configs"]!.AsArray().Single(j => j!["job_name"]!.GetValue<string>() == "vllm")!;
        var targets = vllm["static_configs"]!.AsArray();
        var services = bundle.ReplicasPerVm == 1 ? ["vllm"] : Enumerable.Range(0, bundle.ReplicasPerVm).Select(i => $"vllm-{i}").ToList();

        // Every replica scraped, each alone in its static config, with the labels the rules select (and its own name beside others).
        Assert.Equal(services.Select(s => $"{s}:8080"), targets.Select(t => t!["targets"]!.AsArray().Single()!.GetValue<string>()));
        foreach (var (target, service) in targets.Zip(services))
        {
            var labels = target!["labels"]!;
            var selector = $"namespace=\"{labels["namespace"]!.GetValue<string>()}\",service=\"{labels["service"]!.GetValue<string>()}\"";

            // Every alert's expression selects exactly the labels the scrape attaches, or no alert could ever fire.
            Assert.All(bundle.Monitoring.Alerts, a => Assert.Contains(selector, a.Expression, StringComparison.Ordinal));
            Assert.Equal(bundle.ReplicasPerVm == 1 ? null : service, labels["replica"]?.GetValue<string>());
        }

        Assert.Equal(StackFiles.Rules, config["rule_files"]![0]!.GetValue<string>());
        Assert.Equal(bundle.Monitoring.RulesFile, bundle[StackFiles.Rules]);
        Assert.Equal(bundle.Monitoring.AlertmanagerConfig, bundle[StackFiles.Alertmanager]);
        Assert.Equal(bundle.Monitoring.DashboardJson, bundle[StackFiles.GrafanaDashboard]);
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void CloudInit_WritesTheStackFilesVerbatimAndRunsTheBootstrap(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var text = bundle[StackFiles.CloudInit];
        Assert.StartsWith("#cloud-config\n", text, StringComparison.Ordinal);
        var cloudInit = YamlTree.Parse(text).Single()!;
        var written = cloudInit["write_files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["content"]!.GetValue<string>());
        var onVm = StackFiles.OnVm.Where(n => bundle.Files.Any(f => f.Name == n)).ToList();
        Assert.Equal(bundle.ReplicasPerVm > 1, onVm.Contains(StackFiles.Proxy));
        Assert.Equal(StackFiles.OnVm.Count - (bundle.ReplicasPerVm > 1 ? 0 : 1), onVm.Count);
        foreach (var name in onVm)
        {
            Assert.Equal(bundle[name], written[$"{VmOptions.StackFolder}/{name}"]);
        }

        Assert.Equal(onVm.Count + 1, written.Count);

        Assert.Contains("/etc/systemd/system/compass-stack.service", written.Keys);
        Assert.Equal($"{VmOptions.StackFolder}/{StackFiles.Bootstrap}", cloudInit["runcmd"]![0]![1]!.GetValue<string>());

        var bootstrap = bundle[StackFiles.Bootstrap];
        Assert.Contains("nvidia-headless-", bootstrap, StringComparison.Ordinal);
        Assert.Contains("nvidia-container-toolkit", bootstrap, StringComparison.Ordinal);
        Assert.Contains("nvidia-ctk runtime configure --runtime=docker", bootstrap, StringComparison.Ordinal);
        Assert.Contains("docker-compose-plugin", bootstrap, StringComparison.Ordinal);
        Assert.Equal(bundle.Instance.GpuCount >= 8, bootstrap.Contains("nvidia-fabricmanager", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Bundle_HoldsNoSecret(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        foreach (var file in bundle.Files)
        {
            Assert.DoesNotContain("BEGIN", file.Content.Replace("BEGIN ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("ssh-rsa", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("ssh-ed25519", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("hooks.slack.com", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("auth_password:", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("routing_key:", file.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("api_url:", file.Content, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(NotFitting))]
    public void Generate_RefusesAProviderWithoutThePlansGpu_NamingWhoHasItAndTheClosestAlternative(string plan, string provider)
    {
        var r = TestPlans.Load(plan).Recommendations[0];
        var ex = Assert.Throws<VmTargetException>(() => VmTestData.Generate(plan, provider));

        Assert.Contains(r.Gpu.Value, ex.Message, StringComparison.Ordinal);
        var elsewhere = VmTestData.Instances.Instances.Where(i => i.Gpu == r.Gpu && i.GpuCount >= r.TensorParallel && i.Provider.Value != provider).ToList();
        foreach (var instance in elsewhere)
        {
            Assert.Contains(instance.Type, ex.Message, StringComparison.Ordinal);
            Assert.Contains(instance.Family, ex.Message, StringComparison.Ordinal);
        }

        if (elsewhere.Count == 0)
        {
            Assert.Contains("No provider", ex.Message, StringComparison.Ordinal);
        }

        // The closest alternative is the selector's: an instance of the same provider that holds one replica.
        var closest = new VmInstanceSelector(TestPlans.Catalog).Closest(new CloudProvider(provider), TestPlans.Load(plan), r);
        Assert.NotNull(closest);
        Assert.Contains($"Closest on {provider}: {closest.Instance.Type} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"plan again with the GPU {closest.Instance.Gpu} ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(closest.Instance.Gpu, ex.ClosestGpu);
        LibraryMessages.AssertNoHostTerms(ex.Message);
    }

    [Fact]
    public void Generate_ClosestAlternativeHoldsTheReplica()
    {
        // L4 TP4 on Azure, which has no L4: the closest is an instance whose GPUs hold one replica, not merely GPUs as large as an L4.
        var ex = Assert.Throws<VmTargetException>(() => VmTestData.Generate(TestPlans.Deferred, "azure"));
        var plan = TestPlans.Load(TestPlans.Deferred);
        var named = VmTestData.Instances.Instances.Single(i => i.Provider.Value == "azure" && ex.Message.Contains($"Closest on azure: {i.Type} ", StringComparison.Ordinal));
        var utilization = plan.Recommendations[0].Memory.UsableGiB / TestPlans.Catalog.GetGpu(GpuType.L4)!.MemoryGiB;
        var usable = named.GpuCount * TestPlans.Catalog.GetGpu(named.Gpu)!.MemoryGiB * utilization;
        Assert.True(usable >= new VmInstanceSelector(TestPlans.Catalog).ReplicaMemoryGiB(plan, plan.Recommendations[0]), $"{named.Type}: {usable} GiB usable");
        Assert.Contains("memory bandwidth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AnUnknownProvider_IsRefusedNamingTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => VmTestData.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), null, VmTestData.Options("oracle")));
        Assert.Contains("oracle", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aws, gcp, azure", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0")]
    [InlineData("not-a-cidr")]
    [InlineData("10.0.0.0/33")]
    public void Validate_RefusesAnythingButACanonicalCidr(string cidr)
    {
        var ex = Assert.Throws<ArgumentException>(() => VmTestData.Options("aws", cidr).Validate());
        Assert.Contains(cidr, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesNoAllowedNetworks()
        => Assert.Throws<ArgumentException>(() => (VmTestData.Options("aws") with { AllowedCidrs = [] }).Validate());

    [Fact]
    public void Generate_TheWholeInternet_IsTakenOnlyAsGivenAndWarned()
    {
        var quiet = VmTestData.Generate(TestPlans.Chatbot, "aws");
        Assert.Empty(quiet.Warnings);

        var open = VmTestData.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), null, VmTestData.Options("aws", "0.0.0.0/0"));
        var warning = Assert.Single(open.Warnings);
        Assert.Contains("0.0.0.0/0", warning, StringComparison.Ordinal);
        Assert.Contains(warning, open[StackFiles.Readme], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesInClusterWebhooksAndSecretFilesOutsideTheMount()
    {
        var inCluster = VmTestData.Options("aws") with { Manifest = new ManifestOptions() };
        Assert.Contains("*.svc", Assert.Throws<ArgumentException>(inCluster.Validate).Message, StringComparison.Ordinal);

        var outside = VmTestData.Options("aws") with
        {
            Manifest = new ManifestOptions { Monitoring = new MonitoringOptions { Alertmanager = VmTestData.Receivers() with { Slack = new SlackAlerts { Channel = "#x", ApiUrlFile = "/etc/slack-url" } } } },
        };
        Assert.Contains(VmOptions.AlertmanagerSecretsFolder, Assert.Throws<ArgumentException>(outside.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AnEightGpuInstance_RunsEightReplicasOfOneGpu_AndNoneIdles()
    {
        // Azure's only H100 instance has 8 GPUs: a one-replica TP-1 plan fills it with 8 replicas rather than leave 7 idle.
        var bundle = VmTestData.Generate(TestPlans.Chatbot, "azure");
        Assert.Equal(8, bundle.Instance.GpuCount);
        Assert.Equal(1, bundle.VmCount);
        Assert.Equal(8, bundle.ReplicasPerVm);
        Assert.Equal(0, bundle.Cost.IdleGpus);
        Assert.DoesNotContain(bundle.Notes, n => n.Contains("idle", StringComparison.Ordinal));
        Assert.Contains(bundle.Notes, n => n.Contains("8 vLLM replicas", StringComparison.Ordinal));
        Assert.Contains(bundle.Notes, n => n.Contains("runs 8 in all, 7 more than planned", StringComparison.Ordinal));
        Assert.Contains("8 replicas in all, 7 more than planned", bundle[StackFiles.Readme], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SeveralReplicas_MakeIdenticalVmsAndSaySo()
    {
        var bundle = VmTestData.Generate(TestPlans.Deferred, "gcp");
        Assert.True(bundle.VmCount > 1);
        Assert.Contains(bundle.Notes, n => n.Contains($"{bundle.VmCount} identical VMs", StringComparison.Ordinal));
    }

    [Fact]
    public void DiskSize_GrowsWithTheWeights()
    {
        Assert.Equal(100, VmBundleGenerator.DiskGiB(10));
        Assert.True(VmBundleGenerator.DiskGiB(140) >= 140 + 60);
        Assert.True(VmBundleGenerator.DiskGiB(400) > VmBundleGenerator.DiskGiB(140));
        Assert.Equal(0, VmBundleGenerator.DiskGiB(123) % 50);
    }
}
