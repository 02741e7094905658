using Compass.Ai.Validation;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Ai.Tests.Validation;

/// <summary>The LLM's stated values win; fields it left out come from the rule-based reading only when that reading is sure.</summary>
public sealed class IntentMergerTests
{
    private static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    [Fact]
    public void LlmValue_WinsOverTheRuleBasedOne()
    {
        var llm = new LlmReading { UseCase = UseCase.ChatbotConversational, UseCaseMentioned = true, UserCount = 800, LatencyPriority = Priority.Low };

        var merged = IntentMerger.Merge(llm, Rules("chatbot for 500 users, low latency"), Catalog, merge: true, "llm:x", []);

        Assert.Equal(800, merged.Intent.UserCount);
        Assert.Equal(Priority.Low, merged.Intent.LatencyPriority);
        Assert.DoesNotContain(merged.Notes, n => n.StartsWith("Taken from", StringComparison.Ordinal));
    }

    [Fact]
    public void FieldsTheRulesDidNotState_AreNeverCopied()
    {
        var llm = new LlmReading { UseCase = UseCase.ChatbotConversational, UseCaseMentioned = true };

        var merged = IntentMerger.Merge(llm, Rules("a chatbot"), Catalog, merge: true, "llm:x", []);

        Assert.Equal([IntentFields.UseCase], merged.StatedFields.ToArray());
        Assert.Null(merged.Intent.UserCount);
        Assert.Contains(Compass.Planning.Intent.IntentNotes.NoLoad, merged.Notes);
        Assert.Contains(new IntentHint(IntentFields.UserCount, Compass.Planning.Intent.IntentNotes.NoLoad), merged.Hints);
    }

    [Fact]
    public void EveryMissedField_TheRulesStated_IsTakenAndListed()
    {
        var rules = Rules("chatbot for 500 concurrent users at 20 requests per second, low latency, cheap, on H100, Llama 3.1 8B, under $3,000 a month, we'll buy the GPUs");
        var llm = new LlmReading { UseCase = UseCase.ChatbotConversational, UseCaseMentioned = true };

        var merged = IntentMerger.Merge(llm, rules, Catalog, merge: true, "llm:x", ["repair note"]);

        Assert.Equal(rules.Intent, merged.Intent);
        Assert.Equal(rules.StatedFields.ToArray(), merged.StatedFields.ToArray());
        Assert.Equal("repair note", merged.Notes[0]);
        Assert.Equal("llm:x", merged.Extractor);
        Assert.Contains(merged.Notes, n => n.StartsWith("Taken from the rule-based reading of the text, as the LLM's answer lacked them: userCount (500), expectedQps (20)", StringComparison.Ordinal));
    }

    [Fact]
    public void Domains_FollowTheUseCase()
    {
        var code = IntentMerger.Merge(new LlmReading { UseCase = UseCase.CodeCompletion, UseCaseMentioned = true }, Rules("x"), Catalog, merge: false, "llm:x", []);
        var translation = IntentMerger.Merge(new LlmReading { UseCase = UseCase.Translation, UseCaseMentioned = true }, Rules("x"), Catalog, merge: false, "llm:x", []);
        var multilingualChat = IntentMerger.Merge(
            new LlmReading { UseCase = UseCase.ChatbotConversational, UseCaseMentioned = true }, Rules("chatbot answering in English, German and French, many languages"), Catalog, merge: true, "llm:x", []);

        Assert.Contains("code", code.Intent.Domains);
        Assert.Equal(Catalog.FindUseCase(UseCase.CodeCompletion)!.ExperienceClass, code.Intent.ExperienceClass);
        Assert.Contains("multilingual", translation.Intent.Domains);
        Assert.Contains("multilingual", multilingualChat.Intent.Domains);
    }

    private static IntentExtraction Rules(string text) => new DeterministicIntentExtractor(Catalog).Extract(text, []);
}
