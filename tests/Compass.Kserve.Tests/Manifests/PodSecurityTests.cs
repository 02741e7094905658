using System.Text.Json.Nodes;
using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Manifests;

public sealed class PodSecurityTests
{
    public static TheoryData<string, bool> Deployments => new()
    {
        { TestPlans.Chatbot, false }, { TestPlans.Llama70B, false }, { TestPlans.Deferred, false }, { TestPlans.ChatbotMi300X, false }, { TestPlans.Chatbot, true },
    };

    [Theory]
    [MemberData(nameof(Deployments))]
    public void EveryPod_DropsAllCapabilities_CannotEscalate_AndUsesTheRuntimesSeccompFilter(string plan, bool simulator)
    {
        var predictor = Predictor(TestPlans.Generator().Generate(TestPlans.Load(plan), options: new ManifestOptions { Simulator = simulator }));
        var container = predictor["containers"]![0]!["securityContext"]!;

        Assert.Equal("RuntimeDefault", predictor["securityContext"]!["seccompProfile"]!["type"]!.GetValue<string>());
        Assert.Equal("RuntimeDefault", container["seccompProfile"]!["type"]!.GetValue<string>());
        Assert.False(container["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.False(container["privileged"]!.GetValue<bool>());
        Assert.Equal(["ALL"], container["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(container["capabilities"]!["add"]);
    }

    [Fact]
    public void Vllm_RunsAsTheImagesUser_ByDefault_BecauseTheOfficialImageIsRoot()
    {
        var container = Predictor(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot)))["containers"]![0]!["securityContext"]!;

        Assert.Null(container["runAsNonRoot"]);
        Assert.Null(container["runAsUser"]);
        Assert.Null(container["readOnlyRootFilesystem"]);
    }

    [Fact]
    public void Vllm_GivenAUserId_RunsAsIt_AndRequiresNonRoot()
    {
        var container = Predictor(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmRunAsUser = 1001 }))["containers"]![0]!["securityContext"]!;

        Assert.True(container["runAsNonRoot"]!.GetValue<bool>());
        Assert.Equal(1001, container["runAsUser"]!.GetValue<long>());
    }

    [Fact]
    public void Vllm_DeclaredNonRoot_RequiresNonRoot_WithoutChoosingAUser()
    {
        var container = Predictor(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmImageRunsAsNonRoot = true }))["containers"]![0]!["securityContext"]!;

        Assert.True(container["runAsNonRoot"]!.GetValue<bool>());
        Assert.Null(container["runAsUser"]);
    }

    [Fact]
    public void NonRootOnAmd_NotesTheRenderGroup()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.ChatbotMi300X), options: new ManifestOptions { VllmRunAsUser = 1001 });

        Assert.Contains(set.Notes, n => n.Contains("supplementalGroups", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(1L + int.MaxValue)]
    public void RootOrImpossibleUserIds_AreRefused(long uid)
    {
        var ex = Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmRunAsUser = uid }));
        Assert.Contains("user id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulator_RunsAsNonRoot_OnAReadOnlyRoot_WithAWritableTmp()
    {
        var predictor = Predictor(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Simulator = true }));
        var container = predictor["containers"]![0]!;

        Assert.True(container["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        var mount = Assert.Single(container["volumeMounts"]!.AsArray());
        Assert.Equal("/tmp", mount!["mountPath"]!.GetValue<string>());
        var volume = Assert.Single(predictor["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>());
        Assert.NotNull(volume!["emptyDir"]!["sizeLimit"]);
    }

    private static JsonNode Predictor(ManifestSet set) => YamlTree.Parse(set.Documents[0].Yaml)[0]!["spec"]!["predictor"]!;
}
