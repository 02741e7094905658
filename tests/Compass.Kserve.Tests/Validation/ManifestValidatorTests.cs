using System.Text.Json.Nodes;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Validation;

public sealed class ManifestValidatorTests
{
    private static readonly ManifestValidator Validator = new();

    public static TheoryData<string, bool> Plans => new()
    {
        { TestPlans.Chatbot, false }, { TestPlans.Chatbot, true }, { TestPlans.Llama70B, false }, { TestPlans.Deferred, false }, { TestPlans.Deferred, true },
        { TestPlans.ChatbotMi300X, false },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryGeneratedManifest_ValidatesAgainstTheCrds(string plan, bool simulator)
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(plan), options: new ManifestOptions { Simulator = simulator });

        var result = Validator.Validate(set);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(
            ["InferenceService", "ScaledObject", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule", "ConfigMap"],
            set.Documents.Select(d => d.Kind));
    }

    [Fact]
    public void TheNetworkPolicy_ValidatesAndComesLast()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { NetworkPolicy = new NetworkPolicyOptions { GatewayNamespaces = ["istio-system"] } });

        Assert.True(Validator.Validate(set).IsValid);
        Assert.Equal("NetworkPolicy", set.Documents[^1].Kind);
    }

    [Fact]
    public void TheNetworkPolicy_IsDeserializedStrictly()
    {
        var errors = Broken("07-networkpolicy.yaml", o => o["spec"]!["ingress"]![0]!["form"] = new JsonArray());

        var error = Assert.Single(errors);
        Assert.Equal("$.spec.ingress[0].form", error.Path);
        Assert.Contains("unknown field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSecurityContexts_AreCheckedAgainstTheCrd()
    {
        var unknown = Assert.Single(Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["containers"]![0]!["securityContext"]!["dropCapabilities"] = true));
        Assert.Equal("$.spec.predictor.containers[0].securityContext.dropCapabilities", unknown.Path);

        var wrongType = Assert.Single(Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["securityContext"]!["runAsNonRoot"] = "yes"));
        Assert.Equal("$.spec.predictor.securityContext.runAsNonRoot", wrongType.Path);
    }

    [Fact]
    public void UnknownField_InTheInferenceService_IsReportedWithItsPath()
    {
        var errors = Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["containers"]![0]!["gpuCount"] = 4);

        var error = Assert.Single(errors);
        Assert.Equal("$.spec.predictor.containers[0].gpuCount", error.Path);
        Assert.Contains("unknown field 'gpuCount'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongType_IsReportedWithItsPath()
    {
        var errors = Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["minReplicas"] = "two");

        var error = Assert.Single(errors);
        Assert.Equal("$.spec.predictor.minReplicas", error.Path);
        Assert.Contains("must be an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequired_IsReportedWithItsPath()
    {
        var errors = Broken("02-scaledobject.yaml", o => o["spec"]!.AsObject().Remove("scaleTargetRef"));

        Assert.Contains(errors, e => e.Path == "$.spec.scaleTargetRef" && e.Message == "is required");
    }

    [Fact]
    public void BadEnum_IsReportedWithItsPath()
    {
        var errors = Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["scaleMetric"] = "tokens");

        var error = Assert.Single(errors);
        Assert.Equal("$.spec.predictor.scaleMetric", error.Path);
        Assert.Contains("not one of the allowed values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntOrString_AcceptsBoth_AndRejectsOtherTypes()
    {
        Assert.Empty(Broken("04-servicemonitor.yaml", o => o["spec"]!["endpoints"]![0]!["targetPort"] = "http1"));

        var error = Assert.Single(Broken("04-servicemonitor.yaml", o => o["spec"]!["endpoints"]![0]!["targetPort"] = true));
        Assert.Equal("$.spec.endpoints[0].targetPort", error.Path);
    }

    [Fact]
    public void PatternAndQuantities_AreChecked()
    {
        var errors = Broken("01-inferenceservice.yaml", o => o["spec"]!["predictor"]!["containers"]![0]!["resources"]!["limits"]!["memory"] = "lots");

        var error = Assert.Single(errors);
        Assert.Equal("$.spec.predictor.containers[0].resources.limits.memory", error.Path);
        Assert.Contains("does not match the pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryError_IsReported_NotJustTheFirst()
    {
        var errors = Broken("05-prometheusrule.yaml", o =>
        {
            o["spec"]!["groups"]![0]!["rules"]![0]!["severity"] = "page";
            o["spec"]!["groups"]![0]!["rules"]![1]!["expr"] = new JsonArray();
        });

        Assert.Contains(errors, e => e.Path == "$.spec.groups[0].rules[0].severity");
        Assert.Contains(errors, e => e.Path == "$.spec.groups[0].rules[1].expr");
    }

    [Fact]
    public void BuiltInKinds_AreDeserializedStrictly()
    {
        var unknown = Assert.Single(Broken("03-poddisruptionbudget.yaml", o => o["spec"]!["maxUnavailabel"] = 1));
        Assert.Equal("$.spec.maxUnavailabel", unknown.Path);
        Assert.Contains("unknown field", unknown.Message, StringComparison.Ordinal);

        var wrongType = Assert.Single(Broken("06-dashboard-configmap.yaml", o => o["data"] = new JsonArray("x")));
        Assert.StartsWith("$.data", wrongType.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_NamesMustBeDns1123()
    {
        var errors = Broken("03-poddisruptionbudget.yaml", o => o["metadata"]!["name"] = "Bad_Name");

        Assert.Contains(errors, e => e.Path == "$.metadata.name" && e.Message.Contains("DNS-1123", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownKind_IsAnError()
    {
        var result = Validator.Validate("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.apiVersion", error.Path);
        Assert.Contains("no schema for example.com/v1 Widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotYaml_IsOneError()
    {
        var result = Validator.Validate("a: [1, 2\n");

        Assert.False(result.IsValid);
        Assert.Contains("not valid YAML", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    private static System.Collections.Immutable.ImmutableArray<ValidationError> Broken(string file, Action<JsonObject> breakIt)
    {
        var options = new ManifestOptions { NetworkPolicy = new NetworkPolicyOptions { GatewayNamespaces = ["istio-system"] } };
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Llama70B), options: options);
        var node = YamlTree.Parse(set.Documents.Single(d => d.FileName == file).Yaml)[0]!.AsObject();
        breakIt(node);
        return Validator.Validate(YamlTree.ToYaml(node), file).Errors;
    }
}
