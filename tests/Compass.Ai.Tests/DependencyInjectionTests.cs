using Compass.Ai.Tests.Server;
using Compass.Ai.Tests.Support;
using Compass.Core;
using Compass.Planning.Service;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compass.Ai.Tests;

/// <summary>AddCompassOllama and AddCompassChatClientExtractor wire the LLM extractor into PlanningService.</summary>
public sealed class DependencyInjectionTests(FakeOllamaServer server) : IClassFixture<FakeOllamaServer>
{
    private const string Text = "customer service chatbot for 5000 users, low latency";

    private static readonly string Answer = new IntentAnswer { UserCount = 5000, Latency = ("high", true) }.ToJson();

    [Fact]
    public async Task PlanningThenOllama_PlansWithTheLlmExtractor()
    {
        server.Reply(ScriptedReply.Answer(Answer));
        await using var services = new ServiceCollection()
            .AddCompassPlanning(o => o.VerifyBySimulation = false)
            .AddCompassOllama(server.Uri, Extractors.Model)
            .BuildServiceProvider(validateScopes: true);

        var outcome = await services.GetRequiredService<PlanningService>().PlanAsync(Text);

        Assert.Equal("llm:test-model", outcome.Extraction!.Extractor);
        Assert.Equal(5000, outcome.Plan.Intent.UserCount);
        Assert.NotEmpty(outcome.Plan.Recommendations);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task OllamaThenPlanning_AlsoUsesTheLlmExtractor()
    {
        server.Reply(ScriptedReply.Answer(Answer));
        await using var services = new ServiceCollection()
            .AddCompassOllama(server.Uri, Extractors.Model)
            .AddCompassPlanning(o => o.VerifyBySimulation = false)
            .BuildServiceProvider();

        var outcome = await services.GetRequiredService<PlanningService>().PlanAsync(Text);

        Assert.Equal("llm:test-model", outcome.Extraction!.Extractor);
    }

    [Fact]
    public async Task OneExtractor_IsRegisteredAndItIsTheSingletonLlmExtractor()
    {
        var collection = new ServiceCollection().AddCompassPlanning().AddCompassOllama(server.Uri).AddCompassOllama(server.Uri, "other:1b");
        await using var services = collection.BuildServiceProvider();

        Assert.Single(collection, d => d.ServiceType == typeof(IIntentExtractor));
        var extractor = Assert.IsType<LlmIntentExtractor>(services.GetRequiredService<IIntentExtractor>());
        Assert.Same(extractor, services.GetRequiredService<LlmIntentExtractor>());
        Assert.Equal("llm:other:1b", extractor.Name);
    }

    [Fact]
    public async Task DefaultEndpointAndModel_AreLocalOllamaAndQwen()
    {
        await using var services = new ServiceCollection().AddCompassOllama().BuildServiceProvider();

        var http = services.GetRequiredKeyedService<HttpClient>(CompassAiServiceKeys.IntentChatClient);
        Assert.Equal(new Uri("http://localhost:11434"), http.BaseAddress);
        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.Equal("llm:qwen2.5:7b", services.GetRequiredService<LlmIntentExtractor>().Name);
    }

    [Fact]
    public async Task OllamaClient_IsKeyed_SoTheApplicationsOwnChatClientIsLeftAlone()
    {
        using var own = new StubChatClient("{}");
        await using var services = new ServiceCollection().AddSingleton<IChatClient>(own).AddCompassOllama(server.Uri).BuildServiceProvider();

        Assert.Same(own, services.GetRequiredService<IChatClient>());
        Assert.IsType<OllamaSharp.OllamaApiClient>(services.GetRequiredKeyedService<IChatClient>(CompassAiServiceKeys.IntentChatClient));
    }

    [Fact]
    public async Task ChatClientExtractor_UsesTheRegisteredClient()
    {
        var client = new StubChatClient(Answer, defaultModel: "gpt-4o-mini");
        await using var services = new ServiceCollection()
            .AddSingleton<IChatClient>(client)
            .AddCompassPlanning(o => o.VerifyBySimulation = false)
            .AddCompassChatClientExtractor()
            .BuildServiceProvider();

        var outcome = await services.GetRequiredService<PlanningService>().PlanAsync(Text);

        Assert.Equal("llm:gpt-4o-mini", outcome.Extraction!.Extractor);
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task ChatClientExtractor_UsesAKeyedClientAndTheConfiguredModelName()
    {
        var client = new StubChatClient(Answer);
        await using var services = new ServiceCollection()
            .AddKeyedSingleton<IChatClient>("azure", client)
            .AddCompassChatClientExtractor(o => o.ModelName = "my-deployment", chatClientKey: "azure")
            .BuildServiceProvider();

        var result = await services.GetRequiredService<IIntentExtractor>().ExtractAsync(Text);

        Assert.Equal("llm:my-deployment", result.Extractor);
        Assert.Equal(5000, result.Intent.UserCount);
    }

    [Fact]
    public async Task InvalidOptions_AreRejectedWithTheOptionName()
    {
        await using var services = new ServiceCollection().AddCompassOllama(server.Uri, configure: o => o.Timeout = TimeSpan.Zero).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IIntentExtractor>());
        Assert.Contains("Timeout must be greater than zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidEndpointOrModel_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCompassOllama(new Uri("ftp://example.org")));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCompassOllama(model: " "));
    }

    [Fact]
    public void InvalidOptions_AreRejectedByTheConstructorToo()
    {
        using var client = new StubChatClient("{}");
        var ex = Assert.Throws<ArgumentException>(() => new LlmIntentExtractor(client, Compass.Core.Knowledge.EmbeddedKnowledgeBase.Catalog, new LlmExtractorOptions { MaxUserCount = 0 }));
        Assert.Contains("MaxUserCount", ex.Message, StringComparison.Ordinal);
    }
}
