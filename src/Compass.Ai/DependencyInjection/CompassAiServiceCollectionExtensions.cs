using Compass.Ai;
using Compass.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OllamaSharp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LLM intent extraction.</summary>
public static class CompassAiServiceCollectionExtensions
{
    /// <summary>The Ollama endpoint used when none is given.</summary>
    public static readonly Uri DefaultOllamaEndpoint = new("http://localhost:11434");

    /// <summary>
    /// Registers an Ollama server (through OllamaSharp's <see cref="OllamaApiClient"/>) as the chat client of intent
    /// extraction, and <see cref="LlmIntentExtractor"/> as the <see cref="IIntentExtractor"/>, so that
    /// <c>AddCompassPlanning().AddCompassOllama()</c> makes <c>PlanningService</c> read descriptions with the LLM.
    /// </summary>
    /// <remarks>
    /// The client is a keyed service (<see cref="CompassAiServiceKeys.IntentChatClient"/>); an unkeyed
    /// <see cref="IChatClient"/> the application registers is left alone. Its HTTP client has no timeout of its own:
    /// <see cref="LlmExtractorOptions.Timeout"/> bounds every extraction. Calling this again replaces the earlier
    /// registration.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="endpoint">The Ollama server; <c>http://localhost:11434</c> when null.</param>
    /// <param name="model">The model to use (it must be pulled on the server: <c>ollama pull qwen2.5:7b</c>).</param>
    /// <param name="configure">Configures the extractor.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http(s) URI, or <paramref name="model"/> is blank.</exception>
    public static IServiceCollection AddCompassOllama(
        this IServiceCollection services, Uri? endpoint = null, string model = LlmExtractorOptions.DefaultOllamaModel, Action<LlmExtractorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        endpoint ??= DefaultOllamaEndpoint;
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The Ollama endpoint must be an absolute http or https URI, e.g. {DefaultOllamaEndpoint} (got '{endpoint}').", nameof(endpoint));
        }

        const string key = CompassAiServiceKeys.IntentChatClient;
        services.RemoveAllKeyed<HttpClient>(key);
        services.RemoveAllKeyed<IChatClient>(key);
        services.AddKeyedSingleton(key, (_, _) => new HttpClient { BaseAddress = endpoint, Timeout = Timeout.InfiniteTimeSpan });
        services.AddKeyedSingleton<IChatClient>(key, (sp, k) => new OllamaApiClient(sp.GetRequiredKeyedService<HttpClient>(k), model));
        return services.AddCompassChatClientExtractor(configure, key);
    }

    /// <summary>
    /// Registers <see cref="LlmIntentExtractor"/> as the <see cref="IIntentExtractor"/> over an
    /// <see cref="IChatClient"/> the application registers itself (OpenAI-compatible, Azure OpenAI, a pipeline built
    /// with <c>ChatClientBuilder</c>…), with options validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the extractor (set <see cref="LlmExtractorOptions.ModelName"/> when the client has no default model).</param>
    /// <param name="chatClientKey">The key of a keyed <see cref="IChatClient"/>; null for the unkeyed one.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassChatClientExtractor(
        this IServiceCollection services, Action<LlmExtractorOptions>? configure = null, object? chatClientKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCompassCore();
        var builder = services.AddOptions<LlmExtractorOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmExtractorOptions>, LlmExtractorOptionsValidator>());
        services.RemoveAll<LlmIntentExtractor>();
        services.AddSingleton(sp => new LlmIntentExtractor(
            chatClientKey is null ? sp.GetRequiredService<IChatClient>() : sp.GetRequiredKeyedService<IChatClient>(chatClientKey),
            sp.GetRequiredService<IKnowledgeBase>(),
            sp.GetRequiredService<IOptions<LlmExtractorOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<LlmIntentExtractor>>()));

        // The last extractor registered is the one PlanningService gets; remove the others so that there is one.
        services.RemoveAll<IIntentExtractor>();
        services.AddSingleton<IIntentExtractor>(sp => sp.GetRequiredService<LlmIntentExtractor>());
        return services;
    }
}
