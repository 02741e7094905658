using Compass.Ai.Tests.Server;
using Compass.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Ai.Tests.Support;

/// <summary>Builds the extractor the way an application does: AddCompassPlanning().AddCompassOllama(...) over the fake server.</summary>
internal static class Extractors
{
    public const string Model = "test-model";

    public static ServiceProvider Services(Uri endpoint, Action<LlmExtractorOptions>? configure = null)
        => new ServiceCollection().AddCompassPlanning().AddCompassOllama(endpoint, Model, configure).BuildServiceProvider(validateScopes: true);

    public static ServiceProvider Services(FakeOllamaServer server, Action<LlmExtractorOptions>? configure = null) => Services(server.Uri, configure);

    /// <summary>Extracts once through a fresh container.</summary>
    public static async Task<IntentExtraction> ExtractAsync(
        FakeOllamaServer server, string text, Action<LlmExtractorOptions>? configure = null, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default)
    {
        await using var services = Services(server, configure);
        return await services.GetRequiredService<IIntentExtractor>().ExtractAsync(text, history, cancellationToken);
    }
}
