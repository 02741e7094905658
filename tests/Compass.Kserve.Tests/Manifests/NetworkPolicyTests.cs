using System.Text.Json.Nodes;
using Compass.Kserve.Manifests;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Manifests;

public sealed class NetworkPolicyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-netpol-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void None_ByDefault()
        => Assert.DoesNotContain(TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot)).Documents, d => d.Kind == "NetworkPolicy");

    [Fact]
    public void AdmitsOnlyTheNamedNamespaces_ToTheServingPort_OfTheServingPods()
    {
        var set = Generate(new NetworkPolicyOptions { GatewayNamespaces = ["istio-system", "gateways"], MonitoringNamespaces = ["observability"] });
        var policy = Parse(set.Documents.Single(d => d.Kind == "NetworkPolicy").Yaml);
        var monitor = Parse(set.Documents.Single(d => d.Kind == "ServiceMonitor").Yaml);
        var spec = policy["spec"]!;

        Assert.Equal(["Ingress"], spec["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(monitor["spec"]!["selector"]!["matchLabels"], spec["podSelector"]!["matchLabels"]), "the policy selects the pods the ServiceMonitor scrapes");
        var rules = spec["ingress"]!.AsArray();
        Assert.Equal(2, rules.Count);
        Assert.Equal(["istio-system", "gateways"], Namespaces(rules[0]!));
        Assert.Equal(["observability"], Namespaces(rules[1]!));
        foreach (var rule in rules)
        {
            var port = Assert.Single(rule!["ports"]!.AsArray())!;
            Assert.Equal(monitor["spec"]!["endpoints"]![0]!["targetPort"]!.GetValue<int>(), port["port"]!.GetValue<int>());
            Assert.Equal("TCP", port["protocol"]!.GetValue<string>());
            var peer = Assert.Single(rule["from"]!.AsArray())!;
            Assert.Null(peer["podSelector"]);
            Assert.Null(peer["ipBlock"]);
        }
    }

    [Fact]
    public void WithoutGatewayNamespaces_OnlyMonitoringIsAdmitted()
    {
        var policy = Parse(Generate(new NetworkPolicyOptions()).Documents.Single(d => d.Kind == "NetworkPolicy").Yaml);

        var rule = Assert.Single(policy["spec"]!["ingress"]!.AsArray())!;
        Assert.Equal(["monitoring"], Namespaces(rule));
    }

    [Fact]
    public void ADefaultList_CountsAsEmpty()
    {
        var set = Generate(new NetworkPolicyOptions { GatewayNamespaces = default });

        Assert.Single(Parse(set.Documents.Single(d => d.Kind == "NetworkPolicy").Yaml)["spec"]!["ingress"]!.AsArray());
        Assert.Throws<ArgumentException>(() => Generate(new NetworkPolicyOptions { GatewayNamespaces = default, MonitoringNamespaces = default }));
    }

    [Fact]
    public async Task IsWritten_AndListedInTheKustomization()
    {
        var set = Generate(new NetworkPolicyOptions { GatewayNamespaces = ["istio-system"] });
        var target = Path.Combine(_root, "out");

        await new ManifestWriter().WriteAsync(set, target);

        var file = set.Documents.Single(d => d.Kind == "NetworkPolicy").FileName;
        Assert.True(File.Exists(Path.Combine(target, file)));
        Assert.Contains(file, await File.ReadAllTextAsync(Path.Combine(target, ManifestWriter.KustomizationFile)), StringComparison.Ordinal);
    }

    public static TheoryData<string[], string[], string> BadOptions => new()
    {
        { ["Istio_System"], ["monitoring"], "not a namespace name" },
        { ["istio-system", "istio-system"], ["monitoring"], "twice" },
        { [], [], "refuse all traffic" },
        { [new string('a', 64)], ["monitoring"], "not a namespace name" },
        { [.. Enumerable.Range(0, NetworkPolicyOptions.MaxNamespaces + 1).Select(i => $"ns-{i}")], [], "at most" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadNamespaceLists_AreRefused(string[] gateway, string[] monitoring, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => Generate(new NetworkPolicyOptions { GatewayNamespaces = [.. gateway], MonitoringNamespaces = [.. monitoring] }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static ManifestSet Generate(NetworkPolicyOptions policy)
        => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = "llm", NetworkPolicy = policy });

    private static JsonNode Parse(string yaml) => YamlTree.Parse(yaml)[0]!;

    private static IEnumerable<string> Namespaces(JsonNode rule)
    {
        var requirement = Assert.Single(rule["from"]![0]!["namespaceSelector"]!["matchExpressions"]!.AsArray())!;
        Assert.Equal("kubernetes.io/metadata.name", requirement["key"]!.GetValue<string>());
        Assert.Equal("In", requirement["operator"]!.GetValue<string>());
        return requirement["values"]!.AsArray().Select(v => v!.GetValue<string>());
    }
}
