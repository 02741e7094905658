using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>
/// What a user asked for, in structured form: the use case, the load (users or an explicit rate), priorities and
/// constraints. Only what the user stated is set; everything else keeps its neutral default (priorities
/// <see cref="Priority.Medium"/>, no preferences, no budget, cloud).
/// </summary>
public sealed record DeploymentIntent
{
    /// <summary>Gets the use case.</summary>
    public required UseCase UseCase { get; init; }

    /// <summary>Gets the number of users, if stated.</summary>
    public int? UserCount { get; init => field = Guard.Positive(value, nameof(UserCount)); }

    /// <summary>Gets whether the stated users are concurrent (all active at once) rather than a user base.</summary>
    public bool UsersAreConcurrent { get; init; }

    /// <summary>Gets an explicit mean request rate in requests per second, if stated; it takes precedence over users.</summary>
    public double? ExpectedQps { get; init => field = Guard.PositiveFinite(value, nameof(ExpectedQps)); }

    /// <summary>Gets how much latency matters.</summary>
    public Priority LatencyPriority { get; init; } = Priority.Medium;

    /// <summary>Gets how much cost matters.</summary>
    public Priority CostPriority { get; init; } = Priority.Medium;

    /// <summary>Gets how much model quality matters.</summary>
    public Priority AccuracyPriority { get; init; } = Priority.Medium;

    /// <summary>Gets the GPU types the user wants (or has); empty for no preference.</summary>
    public ImmutableArray<GpuType> PreferredGpuTypes { get; init; } = [];

    /// <summary>Gets the models the user wants; empty for no preference.</summary>
    public ImmutableArray<ModelId> PreferredModels { get; init; } = [];

    /// <summary>Gets the most the user will spend per month, in USD.</summary>
    public double? MaxMonthlyCostUsd { get; init => field = Guard.PositiveFinite(value, nameof(MaxMonthlyCostUsd)); }

    /// <summary>Gets how the GPUs are paid for.</summary>
    public DeploymentModel DeploymentModel { get; init; } = DeploymentModel.Cloud;

    /// <summary>Gets the experience class implied by the use case (or stated).</summary>
    public ExperienceClass? ExperienceClass { get; init; }

    /// <summary>Gets the domains the workload needs (<c>code</c>, <c>multilingual</c>, <c>legal</c>…).</summary>
    public ImmutableArray<string> Domains { get; init; } = [];

    /// <summary>Compares two intents field by field, lists by their items in order.</summary>
    /// <param name="other">The other intent.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public bool Equals(DeploymentIntent? other)
        => other is not null && UseCase == other.UseCase && UserCount == other.UserCount && UsersAreConcurrent == other.UsersAreConcurrent
            && ExpectedQps == other.ExpectedQps && LatencyPriority == other.LatencyPriority && CostPriority == other.CostPriority
            && AccuracyPriority == other.AccuracyPriority && PreferredGpuTypes.SequenceEqual(other.PreferredGpuTypes)
            && PreferredModels.SequenceEqual(other.PreferredModels) && MaxMonthlyCostUsd == other.MaxMonthlyCostUsd
            && DeploymentModel == other.DeploymentModel && ExperienceClass == other.ExperienceClass && Domains.SequenceEqual(other.Domains);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UseCase, UserCount, ExpectedQps, LatencyPriority, CostPriority, AccuracyPriority, MaxMonthlyCostUsd, DeploymentModel);
}

/// <summary>The result of extracting an intent from text: the intent and what the extractor inferred or could not tell.</summary>
public sealed record IntentExtraction
{
    /// <summary>Gets the intent.</summary>
    public required DeploymentIntent Intent { get; init; }

    /// <summary>Gets whether the text named or clearly described a use case (otherwise it was assumed).</summary>
    public required bool UseCaseStated { get; init; }

    /// <summary>Gets notes on assumptions and ambiguities, for the user.</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>Gets the notes that setting a field would resolve, with the field (a subset of <see cref="Notes"/>).</summary>
    public ImmutableArray<IntentHint> Hints { get; init; } = [];

    /// <summary>
    /// Gets the intent fields the text actually stated (names from <see cref="IntentFields"/>); every other field holds a
    /// default. A conversation asks about what matters and is missing from this set.
    /// </summary>
    public ImmutableArray<string> StatedFields { get; init; } = [];

    /// <summary>Gets whether the text stated a field.</summary>
    /// <param name="field">A name from <see cref="IntentFields"/>.</param>
    /// <returns><see langword="true"/> when it was stated.</returns>
    public bool Stated(string field) => StatedFields.Contains(field, StringComparer.Ordinal);

    /// <summary>Gets the extractor that produced this (<c>deterministic</c>, <c>llm:qwen2.5:7b</c>…).</summary>
    public required string Extractor { get; init; }
}

/// <summary>The names of the <see cref="DeploymentIntent"/> fields an extraction can state (its JSON property names).</summary>
public static class IntentFields
{
    /// <summary>The use case.</summary>
    public const string UseCase = "useCase";

    /// <summary>The number of users.</summary>
    public const string UserCount = "userCount";

    /// <summary>An explicit request rate.</summary>
    public const string ExpectedQps = "expectedQps";

    /// <summary>The latency priority.</summary>
    public const string LatencyPriority = "latencyPriority";

    /// <summary>The cost priority.</summary>
    public const string CostPriority = "costPriority";

    /// <summary>The accuracy priority.</summary>
    public const string AccuracyPriority = "accuracyPriority";

    /// <summary>Preferred (or allowed) GPU types.</summary>
    public const string PreferredGpuTypes = "preferredGpuTypes";

    /// <summary>Preferred models.</summary>
    public const string PreferredModels = "preferredModels";

    /// <summary>The monthly budget.</summary>
    public const string MaxMonthlyCostUsd = "maxMonthlyCostUsd";

    /// <summary>How the hardware is paid for.</summary>
    public const string DeploymentModel = "deploymentModel";

    /// <summary>Models to plan for that the catalog lacks, given by their configuration (a planning override, not an intent field).</summary>
    public const string AdditionalModels = "additionalModels";

    /// <summary>The prompt-length distribution (a planning override, not an intent field; the use case's template gives the default).</summary>
    public const string PromptTokens = "promptTokens";

    /// <summary>The output-length distribution (a planning override, not an intent field; the use case's template gives the default).</summary>
    public const string OutputTokens = "outputTokens";

    /// <summary>The time-to-first-token target (a planning override, not an intent field; the use case's template gives the default).</summary>
    public const string TtftMs = "ttftMs";

    /// <summary>The inter-token latency target (a planning override, not an intent field; the use case's template gives the default).</summary>
    public const string ItlMs = "itlMs";

    /// <summary>The end-to-end latency target (a planning override, not an intent field; the use case's template gives the default).</summary>
    public const string E2eMs = "e2eMs";
}

/// <summary>One turn of an earlier conversation, given to an extractor as context.</summary>
/// <param name="Role">Who spoke (<c>user</c> or <c>assistant</c>).</param>
/// <param name="Content">What was said.</param>
public sealed record ConversationTurn(string Role, string Content);
