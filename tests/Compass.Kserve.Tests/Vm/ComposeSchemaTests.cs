using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Kserve.Vm;
using Compass.Kserve.Yaml;
using Json.Schema;

namespace Compass.Kserve.Tests.Vm;

/// <summary>
/// The generated Compose file against the Compose Specification's own JSON schema (vendored under
/// tests/data/compose-spec, see its README), with JsonSchema.Net.
/// </summary>
public sealed class ComposeSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "compose-spec", "compose-spec.json");
        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

        // The vendored file names its dialect "http://json-schema.org/draft/2019-09/schema#"; the dialect's own id is
        // https and without '#'. Only that reference is normalized here; the file itself stays as published.
        Assert.Equal("http://json-schema.org/draft/2019-09/schema#", schema["$schema"]!.GetValue<string>());
        schema["$schema"] = "https://json-schema.org/draft/2019-09/schema";
        return JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft201909 });
    });

    public static TheoryData<string, string> Fitting => VmTestData.Fitting();

    [Theory]
    [MemberData(nameof(Fitting))]
    public void Compose_ValidatesAgainstTheComposeSpecification(string plan, string provider)
    {
        var compose = YamlTree.Parse(VmTestData.Generate(plan, provider)[StackFiles.Compose]).Single()!;
        var result = Validate(compose);
        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void Schema_RejectsWhatTheSpecificationDoesNotAllow()
    {
        // A validator that accepted anything would pass the test above; these must fail.
        var compose = YamlTree.Parse(VmTestData.Generate(TestPlans.Chatbot, "aws")[StackFiles.Compose]).Single()!;

        var misspelled = compose.DeepClone();
        misspelled["services"]!["vllm"]!["deploy"]!["resoures"] = new JsonObject();
        Assert.False(Validate(misspelled).IsValid);

        var badName = compose.DeepClone();
        badName["services"]!.AsObject().Add("bad name!", new JsonObject { ["image"] = "x" });
        Assert.False(Validate(badName).IsValid);

        var badRestart = compose.DeepClone();
        badRestart["services"]!["grafana"]!["ports"] = 3000;
        Assert.False(Validate(badRestart).IsValid);
    }

    private static EvaluationResults Validate(JsonNode compose)
    {
        using var document = JsonDocument.Parse(compose.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result)
        => string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}
