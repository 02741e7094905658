using System.Runtime.CompilerServices;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;
using Compass.Planning.Capacity;
using Compass.Planning.Performance;
using Compass.Planning.Specification;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Service;

/// <summary>
/// The main job as a service: description → intent → specification → plan, on the registered knowledge base,
/// intent extractor and performance model (the deterministic extractor and the benchmark model by default).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class PlanningService
{
    private static readonly ConditionalWeakTable<KnowledgeCatalog, Lazy<TieredPerformanceModel>> DefaultModels = [];
    private readonly IKnowledgeBase _knowledgeBase;
    private readonly IIntentExtractor? _extractor;
    private readonly Func<KnowledgeCatalog, IPerformanceModel>? _performanceFactory;
    private readonly PlanningConstraints _defaults;
    private readonly bool _verify;
    private readonly int _parallelism;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="knowledgeBase">The knowledge base.</param>
    /// <param name="options">Planning defaults.</param>
    /// <param name="extractor">The intent extractor; the deterministic one when null.</param>
    /// <param name="performanceFactory">Builds the performance model for a catalog; benchmarks, else physics, when null.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public PlanningService(
        IKnowledgeBase knowledgeBase, IOptions<CompassPlanningOptions>? options = null, IIntentExtractor? extractor = null,
        Func<KnowledgeCatalog, IPerformanceModel>? performanceFactory = null)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        _knowledgeBase = knowledgeBase;
        _extractor = extractor;
        _performanceFactory = performanceFactory;
        var values = options?.Value ?? new CompassPlanningOptions();
        _defaults = values.ToDefaults();
        _verify = values.VerifyBySimulation;
        _parallelism = values.MaxDegreeOfParallelism is 0 or < -1
            ? throw new ArgumentOutOfRangeException(nameof(options), values.MaxDegreeOfParallelism, $"{nameof(CompassPlanningOptions.MaxDegreeOfParallelism)} must be -1 (one per processor) or positive.")
            : values.MaxDegreeOfParallelism;
    }

    /// <summary>Gets the knowledge catalog.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The catalog.</returns>
    public ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default) => _knowledgeBase.GetCatalogAsync(cancellationToken);

    /// <summary>Extracts an intent from text with the configured extractor (the deterministic one when none is configured).</summary>
    /// <param name="text">The latest message.</param>
    /// <param name="history">Earlier conversation turns.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The extraction.</returns>
    /// <exception cref="ArgumentException">The text is empty or too long.</exception>
    public async Task<IntentExtraction> ExtractAsync(string text, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default)
    {
        var catalog = await GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var extractor = _extractor ?? new DeterministicIntentExtractor(catalog);
        return await extractor.ExtractAsync(text, history, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans from a plain-language description.</summary>
    /// <param name="description">What the user needs.</param>
    /// <param name="overrides">Values that replace extracted ones.</param>
    /// <param name="history">Earlier conversation turns.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The extraction and the plan.</returns>
    /// <exception cref="ArgumentException">The description is empty, or the request is invalid; the message says how to fix it.</exception>
    public async Task<PlanOutcome> PlanAsync(
        string description, PlanOverrides? overrides = null, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new ArgumentException("Describe the workload, e.g. \"customer service chatbot for 5000 users, low latency\".", nameof(description));
        }

        var catalog = WithAdditionalModels(await GetCatalogAsync(cancellationToken).ConfigureAwait(false), overrides);
        var extractor = _extractor ?? new DeterministicIntentExtractor(catalog);

        // Reading the description takes one core; meanwhile another builds the default performance model and the physics
        // profiles that sizing will ask for (they are cached with the model, so the plan is the same either way).
        using var preparing = new CancellationTokenSource();
        if (_performanceFactory is null)
        {
            _ = Task.Run(() => DefaultModel(catalog).Prepare(catalog, () => preparing.IsCancellationRequested), CancellationToken.None);
        }

        IntentExtraction extraction;
        try
        {
            extraction = Resolve(await extractor.ExtractAsync(description, history, cancellationToken).ConfigureAwait(false), overrides);
        }
        finally
        {
            await preparing.CancelAsync().ConfigureAwait(false);
        }

        if (extraction.Intent is { UserCount: null, ExpectedQps: null } && overrides is not ({ Users: not null } or { Qps: not null })
            && extraction.Hints.FirstOrDefault(h => h.Field == IntentFields.UserCount) is { } missing)
        {
            // The planner cannot size anything without a load; say what the text lacked, in the extraction's own words.
            throw new IntentValueException(missing.Note, extraction.Hints.Where(h => h.Note == missing.Note).Select(h => h.Field));
        }

        return new PlanOutcome(extraction, Plan(catalog, extraction.Intent, overrides));
    }

    /// <summary>
    /// Drops the notes that <paramref name="overrides"/> resolve (a user count or rate given beside a text without one, a
    /// GPU list beside an unknown GPU…), so that a plan never asks for a value the request supplied. The note that lists
    /// defaults is rewritten to list only what is still defaulted.
    /// </summary>
    /// <param name="extraction">The extraction.</param>
    /// <param name="overrides">The values the request sets.</param>
    /// <returns>The extraction with only the notes that still apply.</returns>
    public static IntentExtraction Resolve(IntentExtraction extraction, PlanOverrides? overrides)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var set = SetFields(overrides);
        if (set.Count == 0)
        {
            return extraction;
        }

        var notes = new List<string>();
        var hints = new List<IntentHint>();
        foreach (var note in extraction.Notes)
        {
            var fields = extraction.Hints.Where(h => h.Note == note).Select(h => h.Field).ToArray();
            var open = fields.Where(f => !set.Contains(f)).ToArray();
            if (fields.Length == 0 || open.Length == fields.Length)
            {
                notes.Add(note);
                hints.AddRange(open.Select(f => new IntentHint(f, note)));
            }
            else if (open.Length > 0 && IntentNotes.Defaults(extraction.Intent, fields) is [{ } all, ..] && all.Note == note)
            {
                var rewritten = IntentNotes.Defaults(extraction.Intent, open);
                notes.Add(rewritten[0].Note);
                hints.AddRange(rewritten);
            }
        }

        return extraction with { Notes = [.. notes], Hints = [.. hints] };
    }

    // The intent fields (and planning values) a request sets, named as hints name them.
    private static HashSet<string> SetFields(PlanOverrides? o)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (o is null)
        {
            return set;
        }

        void Add(bool condition, params string[] fields)
        {
            if (condition)
            {
                set.UnionWith(fields);
            }
        }

        Add(o.UseCase is not null, IntentFields.UseCase);
        Add(o.Users is not null || o.Qps is not null, IntentFields.UserCount, IntentFields.ExpectedQps);
        Add(o.LatencyPriority is not null, IntentFields.LatencyPriority);
        Add(o.CostPriority is not null, IntentFields.CostPriority);
        Add(o.AccuracyPriority is not null, IntentFields.AccuracyPriority);
        Add(o.Gpus is not null, IntentFields.PreferredGpuTypes);
        Add(o.Models is not null || !o.AdditionalModels.IsEmpty, IntentFields.PreferredModels, IntentFields.AdditionalModels);
        Add(o.MaxMonthlyCostUsd is not null, IntentFields.MaxMonthlyCostUsd);
        Add(o.DeploymentModel is not null, IntentFields.DeploymentModel);
        Add(o.PromptTokens is not null, IntentFields.PromptTokens);
        Add(o.OutputTokens is not null, IntentFields.OutputTokens);
        Add(o.TtftMs is not null, IntentFields.TtftMs);
        Add(o.ItlMs is not null, IntentFields.ItlMs);
        Add(o.E2eMs is not null, IntentFields.E2eMs);
        return set;
    }

    /// <summary>Plans from a structured intent.</summary>
    /// <param name="intent">The intent.</param>
    /// <param name="overrides">Values that replace the intent's.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">The request is invalid; the message says how to fix it.</exception>
    public async Task<PlanOutcome> PlanAsync(DeploymentIntent intent, PlanOverrides? overrides = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var catalog = WithAdditionalModels(await GetCatalogAsync(cancellationToken).ConfigureAwait(false), overrides);
        return new PlanOutcome(null, Plan(catalog, intent, overrides));
    }

    private static TieredPerformanceModel DefaultModel(KnowledgeCatalog catalog)
        => DefaultModels.GetValue(catalog, c => new(() => new TieredPerformanceModel(new BenchmarkPerformanceModel(c), new PhysicsPerformanceModel(c)))).Value;

    private static KnowledgeCatalog WithAdditionalModels(KnowledgeCatalog catalog, PlanOverrides? overrides)
        => overrides is null ? catalog : overrides.AdditionalModels.Aggregate(catalog, (c, m) => c.GetModel(m.Id) is null ? c.WithModel(m) : c);

    private Plan Plan(KnowledgeCatalog catalog, DeploymentIntent intent, PlanOverrides? overrides)
    {
        if (overrides is { AdditionalModels.IsEmpty: false, Models: null })
        {
            overrides = overrides with { Models = [.. overrides.AdditionalModels.Select(m => m.Id)] };
        }

        var request = SpecificationBuilder.Build(intent, catalog, overrides, _defaults);
        var model = _performanceFactory?.Invoke(catalog) ?? DefaultModel(catalog);
        return new CapacityPlanner(catalog, model, _verify ? new SimulationVerifier(catalog) : null, _parallelism).Plan(request);
    }
}
