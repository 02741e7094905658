using Compass.Ai.Tests.Server;
using Compass.Ai.Tests.Support;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Ai.Tests;

/// <summary>
/// The 43 labelled upstream prompts through the LLM extractor, the real OllamaSharp client and the fake server, which
/// answers each prompt with that scenario's expected fields. This proves the evaluation path end to end (prompt →
/// HTTP → answer → validation → intent → <see cref="IntentScenarioEvaluator"/>); it does not measure any real LLM.
/// Merging is off, so every field comes from the LLM's answer, not from the rule-based reading.
/// </summary>
public sealed class UpstreamScenarioTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    public static IEnumerable<object[]> Scenarios => ScenarioFiles.Ids(ScenarioFiles.Upstream);

    private static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_PassesWhenTheLlmAnswersWithTheExpectedFields(string id)
    {
        var scenario = ScenarioFiles.Upstream.Value.Scenarios.Single(s => s.Id == id);
        server.Reply(ScriptedReply.Answer(ScenarioFiles.AnswerFor(scenario, Catalog).ToJson()));

        var extraction = await Extractors.ExtractAsync(server, scenario.UserMessage, o => o.MergeDeterministic = false, scenario.History);
        var result = IntentScenarioEvaluator.Evaluate(scenario, extraction);

        Assert.Equal("llm:test-model", extraction.Extractor);
        Assert.True(result.Passed, string.Join("; ", result.Fields.Where(f => !f.Passed).Select(f => $"{f.Field}: expected {f.Expected}, got {f.Actual}")));
        Assert.Contains(scenario.UserMessage, server.Requests.Single().LastUserMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluator_RunsTheWholeSetThroughTheLlmExtractor()
    {
        var set = ScenarioFiles.Upstream.Value;
        server.Script(request => ScriptedReply.Answer(
            ScenarioFiles.AnswerFor(set.Scenarios.Single(s => request.LastUserMessage.Contains("\n" + s.UserMessage + "\n", StringComparison.Ordinal)), Catalog).ToJson()));
        await using var services = Extractors.Services(server, o => { o.MergeDeterministic = false; o.UseStreaming = true; });

        var report = await IntentScenarioEvaluator.RunAsync(services.GetRequiredService<IIntentExtractor>(), set);

        Assert.Equal("llm:test-model", report.Extractor);
        Assert.Equal(43, report.Results.Length);
        Assert.Equal(43, report.PassedCount);
        Assert.Equal(43, server.Requests.Count);
    }
}
