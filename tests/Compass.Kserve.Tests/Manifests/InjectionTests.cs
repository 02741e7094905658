using Compass.Core.Serialization;
using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Manifests;

public sealed class InjectionTests
{
    [Theory]
    [InlineData("acme/model:latest")]
    [InlineData("acme/\"quoted\"-model")]
    [InlineData("acme/x:{a:1}#comment")]
    [InlineData("acme/'single'&*alias!tag|>")]
    [InlineData("acme/---")]
    public void HostileModelIds_EndUpAsExactQuotedValues(string id)
    {
        var plan = TestPlans.Load(TestPlans.Chatbot);
        var model = new ModelId(id);
        var recommendation = plan.Recommendations[0] with { Model = model, Checkpoint = model };

        var set = TestPlans.Generator().Generate(plan, recommendation);

        Assert.True(new ManifestValidator().Validate(set).IsValid);
        var isvc = YamlTree.Parse(set.Documents[0].Yaml)[0]!;
        var container = isvc["spec"]!["predictor"]!["containers"]![0]!;
        Assert.Contains(container["args"]!.AsArray(), a => a!.GetValue<string>() == $"--served-model-name={id}");
        Assert.Equal($"hf://{id}", container["env"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(id, isvc["metadata"]!["annotations"]!["compass.io/model"]!.GetValue<string>());
        Assert.True(ResourceNames.IsValidName(set.Settings.Name));
        Assert.Contains(set.Notes, n => n.Contains("not in the catalog", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelIdWithNewline_InAPlanFile_IsAClearError()
    {
        var json = File.ReadAllText(TestPlans.PlanPath(TestPlans.Chatbot))
            .Replace("\"model\": \"meta-llama/Llama-3.1-8B-Instruct\"", "\"model\": \"evil\\nkind: Secret\"", StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => PlanFile.Parse(json));
        Assert.Contains("model id", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("llm\nkind: Secret")]
    [InlineData("a\"b")]
    [InlineData("-llm")]
    public void BadNamespaces_AreRejected(string ns)
    {
        var ex = Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Namespace = ns }));
        Assert.Contains("namespace", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat: {x}")]
    [InlineData("a-name-that-is-far-too-long-for-kserve-suffixes")]
    [InlineData("9chat")]
    public void BadNames_AreRejected(string name)
        => Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { Name = name }));

    [Theory]
    [InlineData("vllm/vllm-openai:latest")]
    [InlineData("vllm/vllm-openai")]
    [InlineData("vllm/vllm-openai:v1\nkind: x")]
    [InlineData("vllm/vllm-openai@sha256:x\nkind: x")]
    public void UnpinnedOrHostileImages_AreRejected(string image)
        => Assert.Throws<ArgumentException>(() => TestPlans.Generator().Generate(TestPlans.Load(TestPlans.Chatbot), options: new ManifestOptions { VllmImage = image }));
}
