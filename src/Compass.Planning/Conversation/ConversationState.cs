using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Specification;

namespace Compass.Planning.Conversation;

/// <summary>
/// Everything a conversation has established so far: the turns, the intent built from them (with which fields were
/// stated, asked about or answered "I don't know"), the user's edits to the plan, and the last plan. Immutable: every
/// turn returns a new state.
/// </summary>
public sealed record ConversationState
{
    /// <summary>Gets the state of a conversation that has not started.</summary>
    public static ConversationState Empty { get; } = new();

    /// <summary>Gets the turns so far, oldest first (user and assistant).</summary>
    public ImmutableArray<ConversationTurn> History { get; init; } = [];

    /// <summary>Gets the intent built from the conversation, or <see langword="null"/> before the first description.</summary>
    public DeploymentIntent? Intent { get; init; }

    /// <summary>Gets the intent fields the user has stated (names from <see cref="IntentFields"/>).</summary>
    public ImmutableHashSet<string> Stated { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Gets the topics already asked about (<see cref="ConversationTopics"/>).</summary>
    public ImmutableHashSet<string> Asked { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Gets the topics the user said they do not know; the plan proceeds with defaults for them.</summary>
    public ImmutableHashSet<string> Unknown { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Gets the topic of the question awaiting an answer, if any.</summary>
    public string? Pending { get; init; }

    /// <summary>Gets edits that apply on top of the intent (SLO targets, how many options to show).</summary>
    public PlanOverrides Overrides { get; init; } = new();

    /// <summary>Gets the last plan shown, or <see langword="null"/> before the first recommendation.</summary>
    public Plan? Plan { get; init; }

    /// <summary>Gets the user turns so far, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> UserTurns => [.. History.Where(t => t.Role == ConversationRoles.User)];
}

/// <summary>The roles of conversation turns.</summary>
public static class ConversationRoles
{
    /// <summary>The person describing the need.</summary>
    public const string User = "user";

    /// <summary>Compass.</summary>
    public const string Assistant = "assistant";
}

/// <summary>What the conversation may ask about before it recommends.</summary>
public static class ConversationTopics
{
    /// <summary>How many users, or what request rate.</summary>
    public const string Load = "load";

    /// <summary>What the model is for.</summary>
    public const string UseCase = "useCase";

    /// <summary>How fast responses must be.</summary>
    public const string Latency = "latency";

    /// <summary>Budget, GPUs on hand, cloud or on-premises.</summary>
    public const string Constraints = "constraints";
}
