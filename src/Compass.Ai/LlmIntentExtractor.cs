using System.Globalization;
using System.Net.Http;
using Compass.Ai.Logging;
using Compass.Ai.Parsing;
using Compass.Ai.Prompting;
using Compass.Ai.Validation;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Compass.Ai;

/// <summary>
/// Extracts an intent with an LLM behind any <see cref="IChatClient"/> (Ollama, OpenAI-compatible, Azure): asks for
/// JSON against the intent's schema, repairs what can be repaired safely, validates every value against the catalog
/// and the bounds in <see cref="LlmExtractorOptions"/>, and fills fields the LLM missed from the deterministic reading.
/// </summary>
/// <remarks>
/// <para>
/// It never fails the main job: when the server is unreachable, answers with an HTTP error, runs past
/// <see cref="LlmExtractorOptions.Timeout"/> or returns nothing usable, the result is the
/// <see cref="DeterministicIntentExtractor"/>'s, with a note saying why. Only the caller's own cancellation ends the
/// call, as an <see cref="OperationCanceledException"/>.
/// </para>
/// <para>
/// The user's text is data: it is sent alone in its own delimited message after a fixed system prompt, and it can
/// change only the extracted fields. The schema and prompt depend on the catalog alone, and whatever the answer holds
/// is checked against the catalog and the bounds.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class LlmIntentExtractor : IIntentExtractor
{
    /// <summary>The prefix of <see cref="Name"/>.</summary>
    public const string NamePrefix = "llm:";

    private readonly IChatClient _chatClient;
    private readonly Func<CancellationToken, ValueTask<KnowledgeCatalog>> _catalog;
    private readonly LlmExtractorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance over a fixed catalog.</summary>
    /// <param name="chatClient">The chat client.</param>
    /// <param name="catalog">The catalog whose use cases, GPUs and models are recognized.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="timeProvider">The clock for the timeout; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LlmIntentExtractor(
        IChatClient chatClient, KnowledgeCatalog catalog, LlmExtractorOptions? options = null, TimeProvider? timeProvider = null, ILogger<LlmIntentExtractor>? logger = null)
        : this(chatClient, Fixed(catalog), options, timeProvider, logger)
    {
    }

    /// <summary>Initializes a new instance over a knowledge base (its catalog is read on each extraction).</summary>
    /// <param name="chatClient">The chat client.</param>
    /// <param name="knowledgeBase">The knowledge base.</param>
    /// <param name="options">The options; the defaults when null.</param>
    /// <param name="timeProvider">The clock for the timeout; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LlmIntentExtractor(
        IChatClient chatClient, IKnowledgeBase knowledgeBase, IOptions<LlmExtractorOptions>? options = null, TimeProvider? timeProvider = null, ILogger<LlmIntentExtractor>? logger = null)
        : this(chatClient, FromKnowledgeBase(knowledgeBase), options?.Value, timeProvider, logger)
    {
    }

    private LlmIntentExtractor(
        IChatClient chatClient, Func<CancellationToken, ValueTask<KnowledgeCatalog>> catalog, LlmExtractorOptions? options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        _chatClient = chatClient;
        _catalog = catalog;
        _options = options?.Copy() ?? new LlmExtractorOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        var model = _options.ModelName ?? chatClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        Name = NamePrefix + (string.IsNullOrWhiteSpace(model) ? "unknown" : model);
    }

    /// <summary>Gets the name reported in <see cref="IntentExtraction.Extractor"/>: <c>llm:</c> and the model.</summary>
    public string Name { get; }

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IntentExtraction> ExtractAsync(string text, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The description is empty. Describe the workload, e.g. \"chatbot for 500 users\".", nameof(text));
        }

        if (text.Length > DeterministicIntentExtractor.MaxLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The description is {text.Length:N0} characters long; keep it under {DeterministicIntentExtractor.MaxLength:N0} (a few sentences are enough)."), nameof(text));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var started = _time.GetTimestamp();
        var turns = history ?? [];
        var catalog = await _catalog(cancellationToken).ConfigureAwait(false);
        var rules = new DeterministicIntentExtractor(catalog).Extract(text, turns);
        var prompt = IntentPrompt.For(catalog);

        string answer;
        ChatFinishReason? finish;
        using (var timeout = new CancellationTokenSource(_options.Timeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                // WaitAsync: a client that ignores the token mid-stream cannot hold the caller past the timeout. The
                // abandoned call's late failure is observed so that it does not surface as an unobserved exception.
                var call = AskAsync(prompt, text, turns, linked.Token);
                _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                (answer, finish) = await call.WaitAsync(linked.Token).ConfigureAwait(false);
                linked.Token.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
            {
                return FallBack(rules, string.Create(CultureInfo.InvariantCulture, $"it did not answer within {_options.Timeout.TotalSeconds:0.###} s"), ex);
            }
#pragma warning disable CA1031 // Any failure of the LLM call degrades to the deterministic extractor; the job must not fail.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                cancellationToken.ThrowIfCancellationRequested();
                return FallBack(rules, Describe(ex), ex);
            }
        }

        var leading = new List<string>();
        if (answer.Length > _options.MaxAnswerLength)
        {
            answer = answer[.._options.MaxAnswerLength];
            leading.Add(string.Create(CultureInfo.InvariantCulture, $"The LLM's answer was longer than {_options.MaxAnswerLength:N0} characters; read only the start of it."));
        }

        var parsed = JsonRepair.Parse(answer);
        if (parsed.Root is not { } root)
        {
            var cut = finish == ChatFinishReason.Length ? " (it hit the output-token limit)" : string.Empty;
            return FallBack(rules, $"its answer is not JSON that can be repaired safely: {parsed.Failure}{cut}", null);
        }

        if (!parsed.Repairs.IsEmpty)
        {
            var repairs = string.Join("; ", parsed.Repairs);
            leading.Add($"The LLM's answer needed repair: {repairs}.");
            Log.Repaired(_logger, Name, repairs);
        }

        var reading = AnswerValidator.Read(root, catalog, _options);
        var extraction = IntentMerger.Merge(reading, rules, catalog, _options.MergeDeterministic, Name, leading);
        Log.Extracted(_logger, Name, _time.GetElapsedTime(started).TotalMilliseconds);
        return extraction;
    }

    private static Func<CancellationToken, ValueTask<KnowledgeCatalog>> Fixed(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return _ => ValueTask.FromResult(catalog);
    }

    private static Func<CancellationToken, ValueTask<KnowledgeCatalog>> FromKnowledgeBase(IKnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        return knowledgeBase.GetCatalogAsync;
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: { } status } => string.Create(CultureInfo.InvariantCulture, $"the server answered HTTP {(int)status} ({status})"),
        HttpRequestException http => $"the server could not be reached ({http.Message})",
        OperationCanceledException or TimeoutException => "the HTTP request timed out",
        _ => $"the call failed ({ex.GetType().Name}: {ex.Message})",
    };

    private async Task<(string Text, ChatFinishReason? Finish)> AskAsync(CatalogPrompt prompt, string text, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        var messages = IntentPrompt.Messages(prompt, text, history, _options.MaxHistoryTurns);
        var chatOptions = new ChatOptions
        {
            ModelId = _options.ModelName,
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            ResponseFormat = _options.ResponseFormat == LlmResponseFormat.JsonSchema
                ? ChatResponseFormat.ForJsonSchema(prompt.Schema, IntentSchema.Name, IntentSchema.Description)
                : ChatResponseFormat.Json,
        };

        var response = _options.UseStreaming
            ? await _chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false)
            : await _chatClient.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        return (response.Text ?? string.Empty, response.FinishReason);
    }

    private IntentExtraction FallBack(IntentExtraction rules, string reason, Exception? exception)
    {
        Log.FellBack(_logger, Name, reason, exception);
        var note = $"The LLM extractor ({Name}) was not used: {reason}. The rule-based (deterministic) extractor read the text instead.";
        return rules with { Notes = [note, .. rules.Notes] };
    }
}
