using System.Text.Json;
using Compass.Ai.Tests.Server;
using Compass.Ai.Tests.Support;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Ai.Tests;

/// <summary>The extractor over the real OllamaSharp client and a fake Ollama server: extraction, request layout, schema.</summary>
public sealed class LlmIntentExtractorTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    private const string Description = "Support chatbot for 5,000 users, low latency matters, on our H100s, Llama 3.1 8B, max $4k a month, on our own hardware";

    private static readonly IntentAnswer FullAnswer = new()
    {
        UseCase = "chatbot_conversational",
        UserCount = 5000,
        Latency = ("high", true),
        Gpus = ["H100"],
        Models = ["Llama 3.1 8B"],
        Budget = 4000,
        Deployment = ("owned", true),
    };

    private static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    [Fact]
    public async Task ValidAnswer_IsExtractedWithStatedFieldsAndTheModelName()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));

        var result = await Extractors.ExtractAsync(server, Description);

        Assert.Equal("llm:test-model", result.Extractor);
        Assert.True(result.UseCaseStated);
        var intent = result.Intent;
        Assert.Equal(UseCase.ChatbotConversational, intent.UseCase);
        Assert.Equal(5000, intent.UserCount);
        Assert.Equal(Priority.High, intent.LatencyPriority);
        Assert.Equal(Priority.Medium, intent.CostPriority);
        Assert.Equal(["H100"], intent.PreferredGpuTypes.Select(g => g.Value));
        Assert.Equal(["meta-llama/Llama-3.1-8B-Instruct"], intent.PreferredModels.Select(m => m.Value));
        Assert.Equal(4000, intent.MaxMonthlyCostUsd);
        Assert.Equal(DeploymentModel.Owned, intent.DeploymentModel);
        Assert.Equal(Catalog.FindUseCase(UseCase.ChatbotConversational)!.ExperienceClass, intent.ExperienceClass);
        Assert.Equal(
            [IntentFields.UseCase, IntentFields.UserCount, IntentFields.LatencyPriority, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels, IntentFields.MaxMonthlyCostUsd, IntentFields.DeploymentModel],
            result.StatedFields.ToArray());
        Assert.DoesNotContain(result.Notes, n => n.Contains("rule-based", StringComparison.Ordinal));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Request_SendsTheSchemaTheSystemPromptAndTheTextInItsOwnDelimitedMessage()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));

        await Extractors.ExtractAsync(server, Description);

        var request = Assert.Single(server.Requests);
        Assert.Equal(Extractors.Model, request.Model);
        Assert.False(request.Stream);
        Assert.True(request.HasSchema);
        var schema = request.Format!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        string[] fields =
        [
            IntentFields.UseCase, IntentFields.UserCount, IntentFields.ExpectedQps, IntentFields.LatencyPriority, IntentFields.CostPriority,
            IntentFields.AccuracyPriority, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels, IntentFields.MaxMonthlyCostUsd, IntentFields.DeploymentModel,
        ];
        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.All(fields, f => Assert.Contains(f, required));
        var useCases = schema.GetProperty("properties").GetProperty("useCase").GetProperty("properties").GetProperty("value").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(9, useCases.Length);
        Assert.Equal(Catalog.UseCases.Select(u => u.Id.Value).Order(), useCases.Order());
        var priority = schema.GetProperty("properties").GetProperty("latencyPriority").GetProperty("properties");
        Assert.Equal(["low", "medium", "high"], priority.GetProperty("value").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("boolean", priority.GetProperty("mentioned").GetProperty("type").GetString());

        Assert.Equal(["system", "user"], request.Messages.Select(m => m.Role));
        Assert.DoesNotContain("5,000", request.Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains("<user_description>\n" + Description + "\n</user_description>", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.Equal(0, request.Options!.Value.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task ValidAnswer_ConformsToTheSchemaTheClientSent()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));

        await Extractors.ExtractAsync(server, Description);

        using var answer = JsonDocument.Parse(FullAnswer.ToJson());
        Assert.Empty(MiniSchema.Errors(answer.RootElement, server.Requests[0].Format!.Value));
    }

    [Fact]
    public async Task Streaming_GivesTheSameExtractionAsOneBody()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));
        var single = await Extractors.ExtractAsync(server, Description);
        Assert.False(server.Requests.Single().Stream);

        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));
        var streamed = await Extractors.ExtractAsync(server, Description, o => o.UseStreaming = true);

        Assert.True(server.Requests.Single().Stream);
        Assert.Equal(single.Intent, streamed.Intent);
        Assert.Equal(single.StatedFields.ToArray(), streamed.StatedFields.ToArray());
        Assert.Equal(single.Notes.ToArray(), streamed.Notes.ToArray());
    }

    [Fact]
    public async Task JsonMode_SendsFormatJsonAndStillExtracts()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));

        var result = await Extractors.ExtractAsync(server, Description, o => o.ResponseFormat = LlmResponseFormat.Json);

        var format = server.Requests.Single().Format!.Value;
        Assert.Equal(JsonValueKind.String, format.ValueKind);
        Assert.Equal("json", format.GetString());
        Assert.Equal(5000, result.Intent.UserCount);
    }

    [Fact]
    public async Task ModelName_IsSentAndReported()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));

        var result = await Extractors.ExtractAsync(server, Description, o => o.ModelName = "llama3.1:8b");

        Assert.Equal("llama3.1:8b", server.Requests.Single().Model);
        Assert.Equal("llm:llama3.1:8b", result.Extractor);
    }

    [Fact]
    public async Task History_GoesInItsOwnDelimitedMessageBeforeTheDescription()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));
        ConversationTurn[] history = [new("user", "We need a chatbot."), new("assistant", "How many users?")];

        await Extractors.ExtractAsync(server, "5000 users", history: history);

        var request = server.Requests.Single();
        Assert.Equal(["system", "user", "user"], request.Messages.Select(m => m.Role));
        Assert.Contains("<conversation_history>", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.Contains("<turn role=\"user\">\nWe need a chatbot.\n</turn>", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.Contains("<turn role=\"assistant\">\nHow many users?\n</turn>", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("5000 users", request.Messages[1].Content, StringComparison.Ordinal);
        Assert.EndsWith("<user_description>\n5000 users\n</user_description>", request.Messages[2].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_KeepsOnlyTheLatestTurns()
    {
        server.Reply(ScriptedReply.Answer(FullAnswer.ToJson()));
        var history = Enumerable.Range(1, 5).Select(i => new ConversationTurn("user", $"turn {i}")).ToArray();

        await Extractors.ExtractAsync(server, "5000 users", o => o.MaxHistoryTurns = 2, history);

        var block = server.Requests.Single().Messages[1].Content;
        Assert.DoesNotContain("turn 3", block, StringComparison.Ordinal);
        Assert.Contains("turn 4", block, StringComparison.Ordinal);
        Assert.Contains("turn 5", block, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnmentionedPriority_StaysMediumEvenIfTheAnswerSaysOtherwise()
    {
        server.Reply(ScriptedReply.Answer((FullAnswer with { Cost = ("high", false), Latency = ("low", false) }).ToJson()));

        var result = await Extractors.ExtractAsync(server, "chatbot for 5000 users", o => o.MergeDeterministic = false);

        Assert.Equal(Priority.Medium, result.Intent.CostPriority);
        Assert.Equal(Priority.Medium, result.Intent.LatencyPriority);
        Assert.False(result.Stated(IntentFields.CostPriority));
        Assert.False(result.Stated(IntentFields.LatencyPriority));
    }

    [Fact]
    public async Task MissedField_IsTakenFromTheRuleBasedReadingWithANote()
    {
        // The LLM misses the budget and the latency priority the text states plainly.
        server.Reply(ScriptedReply.Answer((FullAnswer with { Budget = null, Latency = ("medium", false) }).ToJson()));

        var result = await Extractors.ExtractAsync(server, Description);

        Assert.Equal("llm:test-model", result.Extractor);
        Assert.Equal(4000, result.Intent.MaxMonthlyCostUsd);
        Assert.Equal(Priority.High, result.Intent.LatencyPriority);
        Assert.True(result.Stated(IntentFields.MaxMonthlyCostUsd));
        var note = Assert.Single(result.Notes, n => n.StartsWith("Taken from the rule-based reading", StringComparison.Ordinal));
        Assert.Contains("maxMonthlyCostUsd (4,000)", note, StringComparison.Ordinal);
        Assert.Contains("latencyPriority (high)", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeOff_LeavesMissedFieldsEmpty()
    {
        server.Reply(ScriptedReply.Answer((FullAnswer with { Budget = null }).ToJson()));

        var result = await Extractors.ExtractAsync(server, Description, o => o.MergeDeterministic = false);

        Assert.Null(result.Intent.MaxMonthlyCostUsd);
        Assert.False(result.Stated(IntentFields.MaxMonthlyCostUsd));
    }
}
