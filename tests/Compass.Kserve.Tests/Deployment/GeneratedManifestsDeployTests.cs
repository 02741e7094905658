using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using Compass.Kserve.Manifests;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

/// <summary>What 'compass generate' writes is what 'compass deploy' reads: its kustomization, and another namespace.</summary>
public sealed class GeneratedManifestsDeployTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("compass-generated-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Load_OfAGeneratedFolder_ReadsTheFilesItsKustomizationLists_AndItsNamespace()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = "default" });
        var dir = Path.Combine(_root, "manifests");
        await new ManifestWriter().WriteAsync(set, dir);

        var source = ManifestLoader.Load(dir);

        Assert.Equal(set.Documents.Length, source.Documents.Count);
        Assert.Equal("default", source.Namespace);
        Assert.True(source.WrittenByCompass);
        Assert.Empty(source.Ignored);
        Assert.DoesNotContain(source.Documents, d => d.Kind == "Kustomization");
    }

    [Fact]
    public async Task Deploy_ToAnotherNamespace_MovesTheObjectsAndTheirQueries()
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = "default" });
        var dir = Path.Combine(_root, "manifests");
        await new ManifestWriter().WriteAsync(set, dir);
        Assert.Contains("namespace=\\\"default\\\"", await File.ReadAllTextAsync(Path.Combine(dir, set.Documents.First(d => d.Kind == "PrometheusRule").FileName)), StringComparison.Ordinal);
        await using var cluster = await Cluster.StartAsync();
        var source = ManifestLoader.Load(dir);

        var result = await cluster.Deployer.ApplyAsync(new DeploymentRequest(source.Documents) { Namespace = "llm", SourceNamespace = source.Namespace, CreateNamespace = true });

        Assert.Equal("llm", result.Namespace);
        Assert.All(result.Objects, o => Assert.Equal("llm", o.Namespace));
        var stored = FakeResource.All.SelectMany(cluster.Server.Store.All).Where(o => o.Resource.Plural is not ("namespaces" or "events" or "pods")).ToList();
        Assert.Equal(set.Documents.Length + 1, stored.Count);
        Assert.All(stored, o => Assert.Equal("llm", o.Namespace));
        var strings = stored.SelectMany(o => Strings(o.Content)).ToList();
        Assert.DoesNotContain(strings, t => t.Contains("namespace=\"default\"", StringComparison.Ordinal) || t.Contains("namespace=\\u0022default\\u0022", StringComparison.Ordinal));
        var rule = stored.Single(o => o.Resource.Plural == "prometheusrules").Content;
        Assert.Contains(Strings(rule), t => t.Contains("namespace=\"llm\"", StringComparison.Ordinal));
        Assert.Contains(strings, t => t.Contains("namespace=\\u0022llm\\u0022", StringComparison.Ordinal)); // the dashboard's JSON
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [Fact]
    public void Retarget_RewritesOnlyNamespaceMatchers_NotLongerLabels()
    {
        var doc = ManifestLoader.Parse("""
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: {name: r, namespace: default}
            spec:
              groups:
                - name: g
                  rules:
                    - alert: A
                      expr: 'sum(x{namespace="default",exported_namespace="default"}) or y{namespace="defaults"}'
            """, "r.yaml");

        var moved = NamespaceRetarget.Apply(doc, "default", "llm").Single();

        Assert.Equal("llm", moved.Namespace);
        Assert.Equal("sum(x{namespace=\"llm\",exported_namespace=\"default\"}) or y{namespace=\"defaults\"}", moved.Content["spec"]!["groups"]![0]!["rules"]![0]!["expr"]!.GetValue<string>());
        Assert.Equal("default", doc[0].Namespace);
    }

    [Theory]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\npatches: [{path: p.yaml}]\n", "uses 'patches', a kustomize transformation")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [https://example.com/x.yaml]\n", "which is not a file in")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../a.yaml]\n", "which is not a file in")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [missing.yaml]\n", "lists missing.yaml, which is not in")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n", "lists no resources")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: Bad_NS\nresources: [a.yaml]\n", "not a valid namespace name")]
    [InlineData("kind: [unclosed\n", "is not valid YAML")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "is not a kustomization")]
    public void Load_ABadKustomization_SaysWhatIsWrong(string kustomization, string expected)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(dir, "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        File.WriteAllText(Path.Combine(dir, "kustomization.yaml"), kustomization);

        var ex = Assert.Throws<DeploymentException>(() => ManifestLoader.Load(dir));

        Assert.Equal(DeploymentFailure.InvalidManifest, ex.Failure);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_WithAKustomization_ReadsOnlyTheListedFiles_InTheirOrder_AndNamesTheRest()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "k")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        File.WriteAllText(Path.Combine(dir, "b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
        File.WriteAllText(Path.Combine(dir, "notes.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\n");
        File.WriteAllText(Path.Combine(dir, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: llm\nresources:\n  - b.yaml\n  - a.yaml\n");

        var source = ManifestLoader.Load(dir);

        Assert.Equal(["b", "a"], source.Documents.Select(d => d.Name));
        Assert.Equal(["notes.yaml"], source.Ignored);
        Assert.Equal("llm", source.Namespace);
        Assert.False(source.WrittenByCompass);
    }
}
