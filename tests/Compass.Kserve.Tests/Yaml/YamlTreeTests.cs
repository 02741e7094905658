using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using Compass.Kserve.Yaml;
using YamlDotNet.Core;

namespace Compass.Kserve.Tests.Yaml;

/// <summary>The one YAML reader: plain scalars by the YAML 1.2 core schema, everything quoted or tagged !!str stays a string.</summary>
public sealed class YamlTreeTests
{
    [Theory]
    [InlineData("v: 8080", JsonValueKind.Number)]
    [InlineData("v: -1.5e3", JsonValueKind.Number)]
    [InlineData("v: true", JsonValueKind.True)]
    [InlineData("v: False", JsonValueKind.False)]
    [InlineData("v: \"8080\"", JsonValueKind.String)]
    [InlineData("v: '1.5'", JsonValueKind.String)]
    [InlineData("v: \"true\"", JsonValueKind.String)]
    [InlineData("v: !!str 8080", JsonValueKind.String)]
    [InlineData("v: yes", JsonValueKind.String)]
    [InlineData("v: no", JsonValueKind.String)]
    [InlineData("v: on", JsonValueKind.String)]
    [InlineData("v: 0x1F", JsonValueKind.String)]
    [InlineData("v: 1.2.3", JsonValueKind.String)]
    [InlineData("v: |\n  42\n", JsonValueKind.String)]
    public void Scalars_FollowTheCoreSchema(string yaml, JsonValueKind kind)
        => Assert.Equal(kind, Value(yaml)!.GetValueKind());

    [Theory]
    [InlineData("v: null")]
    [InlineData("v: ~")]
    [InlineData("v:")]
    public void Nulls_AreNull(string yaml) => Assert.Null(Value(yaml));

    [Fact]
    public void QuotedNumbers_KeepTheirText() => Assert.Equal("007", Value("v: \"007\"")!.GetValue<string>());

    [Fact]
    public void MultipleDocuments_AreReadInOrder()
    {
        var documents = YamlTree.Parse("a: 1\n---\nb: two\n---\n");
        Assert.Equal(1, documents[0]!["a"]!.GetValue<long>());
        Assert.Equal("two", documents[1]!["b"]!.GetValue<string>());
        Assert.Equal(2, documents.Count(d => d is not null));
    }

    // As Kubernetes reads YAML: an alias stands for a copy of the anchored node.
    [Fact]
    public void Aliases_AreResolvedToTheAnchoredValue()
    {
        var document = YamlTree.Parse("a: &x {port: 80, name: web}\nb: *x\n")[0]!;
        Assert.Equal(document["a"]!.ToJsonString(), document["b"]!.ToJsonString());
        Assert.Equal(80, document["b"]!["port"]!.GetValue<long>());
    }

    [Fact]
    public void DuplicateKeys_AreRefused()
        => Assert.ThrowsAny<YamlException>(() => YamlTree.Parse("a: 1\na: 2\n"));

    [Fact]
    public void ManifestLoader_ReadsScalarsByTheSameRules()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  port: \"8080\"\n  flag: yes\n  count: !!str 3\n";
        var document = Assert.Single(ManifestLoader.Parse(yaml, "probe.yaml"));
        var data = document.Content["data"]!;
        Assert.Equal(YamlTree.Parse(yaml)[0]!["data"]!.ToJsonString(), data.ToJsonString());
        Assert.All(data.AsObject(), p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
    }

    private static JsonNode? Value(string yaml) => YamlTree.Parse(yaml)[0]!["v"];
}
