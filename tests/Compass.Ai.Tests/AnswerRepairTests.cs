using Compass.Ai.Tests.Server;
using Compass.Ai.Tests.Support;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Ai.Tests;

/// <summary>Answers that are not clean JSON, through the real client: what is repaired, and what falls back.</summary>
public sealed class AnswerRepairTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    private const string Text = "RAG over our contracts for 300 lawyers, accuracy is critical, budget $10k per month";

    private static readonly IntentAnswer Answer = new()
    {
        UseCase = "document_analysis_rag",
        UserCount = 300,
        Accuracy = ("high", true),
        Budget = 10_000,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MarkdownFence_IsRemoved(bool streaming)
    {
        server.Reply(ScriptedReply.Answer("```json\n" + Answer.ToJson() + "\n```"));

        var result = await Extractors.ExtractAsync(server, Text, o => o.UseStreaming = streaming);

        AssertFullyRead(result);
        Assert.Contains(result.Notes, n => n.Contains("removed a markdown code fence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProseAroundTheObject_IsIgnored()
    {
        server.Reply(ScriptedReply.Answer("Sure! Here is the intent: " + Answer.ToJson() + "\nLet me know if you need {anything} else."));

        var result = await Extractors.ExtractAsync(server, Text);

        AssertFullyRead(result);
        Assert.Contains(result.Notes, n => n.Contains("took the first JSON object", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TruncatedAnswer_IsClosedAfterItsLastCompleteValue()
    {
        var json = Answer.ToJson();
        var cut = json[..(json.IndexOf("\"maxMonthlyCostUsd\"", StringComparison.Ordinal) + 22)]; // ..."maxMonthlyCostUsd":10 — the number may be incomplete
        server.Reply(ScriptedReply.Answer(cut, doneReason: "length"));

        var result = await Extractors.ExtractAsync(server, Text, o => o.MergeDeterministic = false);

        Assert.Equal("llm:test-model", result.Extractor);
        Assert.Equal(UseCase.DocumentAnalysisRag, result.Intent.UseCase);
        Assert.Equal(300, result.Intent.UserCount);
        Assert.Equal(Priority.High, result.Intent.AccuracyPriority);
        Assert.Null(result.Intent.MaxMonthlyCostUsd); // "10" was cut from "10000": dropped, not guessed
        Assert.Contains(result.Notes, n => n.Contains("closed a JSON object that was cut off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TruncatedAnswer_MissingFieldsComeFromTheRuleBasedReading()
    {
        var json = Answer.ToJson();
        server.Reply(ScriptedReply.Answer(json[..(json.IndexOf("\"maxMonthlyCostUsd\"", StringComparison.Ordinal) + 22)], doneReason: "length"));

        var result = await Extractors.ExtractAsync(server, Text);

        Assert.Equal(10_000, result.Intent.MaxMonthlyCostUsd);
        Assert.Contains(result.Notes, n => n.StartsWith("Taken from the rule-based reading", StringComparison.Ordinal) && n.Contains("maxMonthlyCostUsd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I'm sorry, I can't help with that.", "holds no JSON object")]
    [InlineData("", "empty")]
    [InlineData("{\"useCa", "cut off before its first complete value")]
    [InlineData("{useCase: chatbot, userCount: 300}", "malformed")]
    [InlineData("[1, 2, 3]", "holds no JSON object")]
    public async Task UnusableAnswer_FallsBackToTheDeterministicExtractorWithANote(string answer, string reason)
    {
        server.Reply(ScriptedReply.Answer(answer));

        var result = await Extractors.ExtractAsync(server, Text);

        Assert.Equal("deterministic", result.Extractor);
        var note = result.Notes[0];
        Assert.StartsWith("The LLM extractor (llm:test-model) was not used: its answer is not JSON that can be repaired safely", note, StringComparison.Ordinal);
        Assert.Contains(reason, note, StringComparison.Ordinal);
        Assert.Equal(new DeterministicIntentExtractor(EmbeddedKnowledgeBase.Catalog).Extract(Text, []).Intent, result.Intent);
    }

    [Fact]
    public async Task OverlongAnswer_IsCutAndRead()
    {
        var padded = Answer.ToJson()[..^1] + ",\"padding\":\"" + new string('x', 5000) + "\"}";
        server.Reply(ScriptedReply.Answer(padded));

        var result = await Extractors.ExtractAsync(server, Text, o => o.MaxAnswerLength = 1024);

        Assert.Equal(300, result.Intent.UserCount);
        Assert.Contains(result.Notes, n => n.Contains("longer than 1,024 characters", StringComparison.Ordinal));
    }

    private static void AssertFullyRead(IntentExtraction result)
    {
        Assert.Equal("llm:test-model", result.Extractor);
        Assert.Equal(UseCase.DocumentAnalysisRag, result.Intent.UseCase);
        Assert.Equal(300, result.Intent.UserCount);
        Assert.Equal(Priority.High, result.Intent.AccuracyPriority);
        Assert.Equal(10_000, result.Intent.MaxMonthlyCostUsd);
    }
}
