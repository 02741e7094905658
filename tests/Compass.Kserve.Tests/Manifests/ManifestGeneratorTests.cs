using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Manifests;

public sealed class ManifestGeneratorTests
{
    [Fact]
    public void Chatbot_GetsPrefixCaching_OneGpu_NoShm_AndItsPlannedReplicas()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var s = TestPlans.Generator().Generate(plan).Settings;

        Assert.True(s.PrefixCaching);
        Assert.Equal(1, s.TensorParallel);
        Assert.Equal(plan.Recommendations[0].Replicas, s.MinReplicas);
        Assert.True(s.MaxReplicas > s.MinReplicas);
        Assert.False(s.ScaleToZero);
        Assert.Equal(KvCacheFormat.Fp8, s.KvCacheDtype);
        Assert.Contains("--kv-cache-dtype=fp8", s.Arguments);
        Assert.True(s.MaxModelLen >= plan.Traffic.PromptTokens.P99 + plan.Traffic.OutputTokens.P99);
        Assert.True(s.MaxModelLen <= TestPlans.Catalog.GetModel(plan.Recommendations[0].Model)!.Architecture.MaxContext);
        Assert.DoesNotContain("dshm", TestPlans.Generator().Generate(plan).Documents[0].Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void AmdGpu_GetsTheRocmImage_ItsResourceName_AndItsLabel()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.ChatbotMi300X));
        var container = YamlTree.Parse(set.Documents[0].Yaml)[0]!["spec"]!["predictor"]!["containers"]![0]!;
        var gpu = TestPlans.Catalog.GetGpu(Compass.Core.GpuType.Parse("MI300X"))!;

        Assert.Equal(ManifestOptions.DefaultRocmVllmImage, container["image"]!.GetValue<string>());
        Assert.Equal("1", container["resources"]!["limits"]![gpu.ResourceName]!.GetValue<string>());
        Assert.Equal("amd.com/gpu", gpu.ResourceName);
        Assert.DoesNotContain("nvidia.com", set.Documents[0].Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(set.Notes, n => n.Contains("CUDA", StringComparison.Ordinal) || n.Contains("ROCm", StringComparison.Ordinal));
        Assert.Equal(ManifestOptions.DefaultVllmImage, ImageOf(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot))));
    }

    [Fact]
    public void OneVendorsDefaultImage_OnTheOthersGpu_IsRefused()
    {
        var onAmd = Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(
            TestPlans.Load(TestPlans.ChatbotMi300X), options: new ManifestOptions { VllmImage = ManifestOptions.DefaultVllmImage }));
        Assert.Contains("CUDA", onAmd.Message, StringComparison.Ordinal);
        Assert.Contains(ManifestOptions.DefaultRocmVllmImage, onAmd.Message, StringComparison.Ordinal);

        var onNvidia = Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(
            TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmImage = ManifestOptions.DefaultRocmVllmImage }));
        Assert.Contains("ROCm", onNvidia.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnImageTheUserNames_IsUsedOnEitherVendor()
    {
        const string Custom = "registry.example.com/ml/vllm-rocm:2026.1";
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.ChatbotMi300X), options: new ManifestOptions { VllmImage = Custom });

        Assert.Equal(Custom, ImageOf(set));
    }

    [Fact]
    public void TensorParallel4_RequestsFourGpus_AndMountsShm()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Llama70B));
        var isvc = YamlTree.Parse(set.Documents[0].Yaml)[0]!;
        var container = isvc["spec"]!["predictor"]!["containers"]![0]!;

        Assert.Equal("4", container["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("4", container["resources"]!["requests"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("/dev/shm", container["volumeMounts"]![0]!["mountPath"]!.GetValue<string>());
        Assert.Equal("Memory", isvc["spec"]!["predictor"]!["volumes"]![0]!["emptyDir"]!["medium"]!.GetValue<string>());
        Assert.Contains("--tensor-parallel-size=4", set.Settings.Arguments);
        Assert.Equal("Standard", isvc["metadata"]!["annotations"]!["serving.kserve.io/deploymentMode"]!.GetValue<string>());
        // 4 × 32.9 GiB of weights at 200 MB/s is about 700 s, plus engine start-up.
        Assert.InRange(set.Settings.StartupSeconds, 800, 1000);
    }

    [Fact]
    public void DeferredUseCase_ScalesToZero_ButNeverBelowThePlanWhileActive()
    {
        var plan = TestPlans.Load(TestPlans.Deferred);
        var set = TestPlans.Generator().Generate(plan);
        var so = YamlTree.Parse(set.Documents[1].Yaml)[0]!["spec"]!;

        Assert.True(set.Settings.ScaleToZero);
        Assert.Equal(0, so["idleReplicaCount"]!.GetValue<int>());
        Assert.Equal(plan.Recommendations[0].Replicas, so["minReplicaCount"]!.GetValue<int>());
        Assert.Equal("8192", set.Settings.MaxNumBatchedTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Simulator_HasNoGpus_NodeSelector_Tolerations_OrToken()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Llama70B), options: new ManifestOptions { Simulator = true, SimulatorImage = "registry.example.com/compass/sim:1.2" });
        var yaml = set.Documents[0].Yaml;

        Assert.DoesNotContain("nvidia.com/gpu", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("nodeSelector", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("tolerations", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("HF_TOKEN", yaml, StringComparison.Ordinal);
        Assert.Contains("registry.example.com/compass/sim:1.2", yaml, StringComparison.Ordinal);
        Assert.Contains("--gpu=H100", set.Settings.Arguments);
        Assert.Contains("--tensor-parallel-size=4", set.Settings.Arguments);
    }

    [Fact]
    public void Alerts_UseTheRealVllmMetrics_AtBothSeverities()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot));
        var rules = set.Documents.Single(d => d.Kind == "PrometheusRule").Yaml;
        var dashboard = set.Documents.Single(d => d.Kind == "ConfigMap").Yaml;

        foreach (var metric in new[] { VllmMetrics.TimeToFirstToken, VllmMetrics.TimePerOutputToken, VllmMetrics.E2eLatency, VllmMetrics.RequestsWaiting, VllmMetrics.GpuCacheUsage, VllmMetrics.KvCacheUsage })
        {
            Assert.Contains(metric, rules, StringComparison.Ordinal);
            Assert.Contains(metric, dashboard, StringComparison.Ordinal);
        }

        foreach (var alert in new[] { "VllmTtftSlo", "VllmItlSlo", "VllmE2eSlo", "VllmErrorRate", "VllmQueueDepth", "VllmKvCacheSaturation" })
        {
            Assert.Contains(alert + "Critical", rules, StringComparison.Ordinal);
            Assert.Contains(alert + "Warning", rules, StringComparison.Ordinal);
        }

        Assert.Contains("grafana_dashboard: \"1\"", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanWithoutRecommendations_IsAClearError()
    {
        var plan = TestPlans.Load(TestPlans.Chatbot) with { Recommendations = [] };

        var ex = Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(plan));
        Assert.Contains("no recommendation", ex.Message, StringComparison.Ordinal);
    }

    private static string ImageOf(ManifestSet set)
        => YamlTree.Parse(set.Documents[0].Yaml)[0]!["spec"]!["predictor"]!["containers"]![0]!["image"]!.GetValue<string>();
}
