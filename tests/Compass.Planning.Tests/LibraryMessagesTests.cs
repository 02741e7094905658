using Compass.Core;
using Compass.Core.Serialization;
using Compass.Planning.Engine;
using Compass.Planning.Intent;
using Compass.Planning.Specification;
using Compass.Testing;

namespace Compass.Planning.Tests;

/// <summary>
/// What the library tells a user (notes, exclusions, exception messages) speaks in terms of its API, never a host's:
/// a web page or an embedding app must not show command-line flags or commands. The Postgres package's messages are
/// checked in Compass.Postgres.Tests' LibraryMessagesTests, the simulator's validator in Compass.Simulator.Tests.
/// </summary>
public sealed class LibraryMessagesTests
{
    [Fact]
    public async Task ExtractionNotes_NameNoFlags_AndHintsNameIntentFields()
    {
        var extraction = await new DeterministicIntentExtractor(TestCatalog.Catalog).ExtractAsync("Use Gemma 27B please", []);
        Assert.NotEmpty(extraction.Notes);
        Assert.All(extraction.Notes, AssertNoHostTerms);
        Assert.Contains(extraction.Hints, h => h.Field == IntentFields.UseCase);
        Assert.Contains(extraction.Hints, h => h.Field == IntentFields.UserCount);
        Assert.Contains(extraction.Hints, h => h.Field == IntentFields.AdditionalModels);
        Assert.All(extraction.Hints, h => Assert.Contains(h.Note, extraction.Notes));
    }

    [Theory]
    [InlineData("chatbot for banana users on our B300s using Llama-9-1T, first token under 300 ms, prompts of 4,000 tokens")]
    [InlineData("we like GPT-4o; thousands of concurrent users; 1M requests a day; budget 8.000 € a month; no Mixtral, not on L4")]
    public void EveryExtractionNote_NamesNoFlags_AndEachHintNamesAField(string text)
    {
        var extraction = new DeterministicIntentExtractor(TestCatalog.Catalog).Extract(text, []);
        Assert.True(extraction.Notes.Length >= 4, string.Join("\n", extraction.Notes));
        Assert.All(extraction.Notes, AssertNoHostTerms);
        Assert.All(extraction.Hints, h => Assert.Contains(h.Note, extraction.Notes));
        var fields = typeof(IntentFields).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);
        Assert.All(extraction.Hints, h => Assert.Contains(h.Field, fields));
    }

    [Theory]
    [InlineData("chatbot for -5 users")]
    [InlineData("chatbot for 0 users")]
    [InlineData("chatbot for 10^15 users")]
    public void ImpossibleValues_NameNoFlags(string text)
    {
        var ex = Assert.Throws<IntentValueException>(() => new DeterministicIntentExtractor(TestCatalog.Catalog).Extract(text, []));
        AssertNoHostTerms(ex.Message);
        Assert.NotEmpty(ex.Fields);
    }

    [Fact]
    public void PlansThatFail_SayWhyWithoutFlags()
    {
        var plans = new[]
        {
            TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500,
                overrides: new PlanOverrides { Gpus = [GpuType.L4], Models = [ModelId.Llama33Instruct70B] })),
            TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500, overrides: new PlanOverrides { MaxMonthlyCostUsd = 1 })),
            TestCatalog.Plan(TestCatalog.Request(UseCase.ChatbotConversational, users: 500, overrides: new PlanOverrides { Gpus = [GpuType.A10G], KvCacheDtype = KvCacheFormat.Fp8 })),
        };
        Assert.All(plans, p => Assert.Empty(p.Recommendations));
        Assert.All(plans.SelectMany(p => p.Notes.Concat(p.Excluded.SelectMany(e => new[] { e.Reason, e.Example }))), AssertNoHostTerms);
    }

    [Fact]
    public void Exceptions_NameNoFlags()
    {
        var messages = new List<string>
        {
            Assert.Throws<ArgumentException>(() => SpecificationBuilder.Build(
                new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 10 }, TestCatalog.Catalog,
                new PlanOverrides { DeploymentModel = DeploymentModel.Owned, PricingTier = PricingTier.Spot })).Message,
            Assert.Throws<FormatException>(() => PlanFile.Parse("[]")).Message,
            Assert.Throws<FormatException>(() => PlanFile.Parse("{ nope")).Message,
            Assert.Throws<FormatException>(() => PlanFile.Parse("{}")).Message,
            Assert.ThrowsAny<FormatException>(() => ModelSpec.FromHuggingFaceConfig("""{ "hidden_size": 4096, "_name_or_path": "not a model id" }""")).Message,
        };
        var model = TestCatalog.Catalog.GetModel(ModelId.Llama33Instruct70B)!;
        var gpu = TestCatalog.Gpu("L4");
        var rejected = Assert.Throws<ConfigurationRejectedException>(() => EngineProfiles.Create(TestCatalog.Catalog, model, Quantization.Bf16, gpu, 1));
        Assert.Equal(RejectionKind.DoesNotFitInMemory, rejected.Reason.Kind);
        messages.Add(rejected.Message);
        Assert.All(messages, AssertNoHostTerms);
    }

    private static void AssertNoHostTerms(string text) => LibraryMessages.AssertNoHostTerms(text);
}
