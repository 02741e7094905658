using Compass.Kserve.Deployment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Kserve.Tests.Deployment;

public sealed class ManifestLoaderTests
{
    [Fact]
    public void LoadDirectory_ReadsEveryDocumentOfEveryFile_InNameOrder()
    {
        using var samples = SampleManifests.Write();

        var docs = ManifestLoader.LoadDirectory(samples.Directory);

        Assert.Equal(["ConfigMap", "InferenceService", "ScaledObject", "PodDisruptionBudget", "ServiceMonitor", "PrometheusRule"], docs.Select(d => d.Kind));
        Assert.Equal("10-inferenceservice.yaml (document 2)", docs[1].Source);
        Assert.Equal("serving.kserve.io", docs[1].Group);
        Assert.Equal("v1beta1", docs[1].Version);
        Assert.Null(docs[1].Namespace);
    }

    [Fact]
    public void Parse_KeepsYamlTypes_AsKubernetesReadsThem()
    {
        var doc = ManifestLoader.Parse("""
            ---
            # comment-only documents are skipped
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: types
              namespace: llm
            data:
              quoted: "8192"
            spec:
              count: 3
              ratio: 0.9
              on: true
              nothing: null
              version: 1.2.3
            """, "types.yaml").Single();

        Assert.Equal("types.yaml (document 2)", doc.Source);
        Assert.Equal("llm", doc.Namespace);
        Assert.Equal("8192", doc.Content["data"]!["quoted"]!.GetValue<string>());
        Assert.Equal(3, doc.Content["spec"]!["count"]!.GetValue<long>());
        Assert.Equal(0.9, doc.Content["spec"]!["ratio"]!.GetValue<double>());
        Assert.True(doc.Content["spec"]!["on"]!.GetValue<bool>());
        Assert.Null(doc.Content["spec"]!["nothing"]);
        Assert.Equal("1.2.3", doc.Content["spec"]!["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [unclosed\n", "bad.yaml, document 2 is not valid YAML at line 6")]
    [InlineData("apiVersion: v1\nmetadata: {name: a}\n", "bad.yaml, document 1 has no kind")]
    [InlineData("kind: ConfigMap\nmetadata: {name: a}\n", "bad.yaml, document 1 has no apiVersion")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\n", "bad.yaml, document 1 (ConfigMap) has no metadata mapping")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {}}\n", "bad.yaml, document 1 (ConfigMap) has no metadata.name")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Chat_Bot}\n", "metadata.name 'Chat_Bot', which is not a valid Kubernetes name")]
    [InlineData("- a\n- b\n", "bad.yaml, document 1 is not a Kubernetes object")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n", "bad.yaml, document 1 is not valid YAML at line 3")]
    public void Parse_Malformed_NamesFileAndDocument(string yaml, string expected)
    {
        var ex = Assert.Throws<DeploymentException>(() => ManifestLoader.Parse(yaml, "bad.yaml"));

        Assert.Equal(DeploymentFailure.InvalidManifest, ex.Failure);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_Empty_Or_Missing_SaysSo()
    {
        var empty = Directory.CreateTempSubdirectory("compass-empty-").FullName;
        try
        {
            Assert.Contains("holds no Kubernetes manifests", Assert.Throws<DeploymentException>(() => ManifestLoader.LoadDirectory(empty)).Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", Assert.Throws<DeploymentException>(() => ManifestLoader.LoadDirectory(Path.Combine(empty, "nope"))).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Property]
    public Property PlainIntegers_AreNumbers_QuotedIntegers_AreStrings()
        => Prop.ForAll(ArbMap.Default.GeneratorFor<int>().ToArbitrary(), n =>
        {
            var text = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var doc = ManifestLoader.Parse($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\nspec: {{plain: {text}, quoted: \"{text}\"}}\n", "p.yaml")[0];
            return doc.Content["spec"]!["plain"]!.GetValue<long>() == n && doc.Content["spec"]!["quoted"]!.GetValue<string>() == text;
        });

    [Property]
    public Property ResourcePaths_AreCoreOrGroupAndScoped()
        => Prop.ForAll(Gen.Elements(ResourceCatalog.Known.ToArray()).ToArbitrary(), t =>
        {
            var path = t.Path("ns", "x");
            var root = t.Group.Length == 0 ? "/api/v1/" : $"/apis/{t.Group}/{t.Version}/";
            return path.StartsWith(root, StringComparison.Ordinal)
                && path.EndsWith($"/{t.Plural}/x", StringComparison.Ordinal)
                && path.Contains("/namespaces/ns/", StringComparison.Ordinal) == t.Namespaced;
        });
}
