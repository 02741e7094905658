using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Planning.Conversation;

/// <summary>What kind of answer a turn produced.</summary>
public enum ReplyKind
{
    /// <summary>A question about something that matters and is missing.</summary>
    Question,

    /// <summary>A plan: recommendations, or why nothing fits.</summary>
    Recommendation,

    /// <summary>A side-by-side comparison of two recommendations.</summary>
    Comparison,

    /// <summary>The turn could not be understood; the message says what can be said.</summary>
    Clarification,
}

/// <summary>Compass's answer to one turn.</summary>
/// <param name="Kind">What kind of answer it is.</param>
/// <param name="Message">The answer, for the user.</param>
/// <param name="Changes">What this turn changed in the intent or the plan (e.g. "users: 5,000 → 10,000").</param>
/// <param name="State">The conversation after this turn; pass it to the next one.</param>
public sealed record ConversationReply(ReplyKind Kind, string Message, ImmutableArray<string> Changes, ConversationState State)
{
    /// <summary>Gets the plan behind a recommendation or comparison, if any.</summary>
    public Plan? Plan => State.Plan;
}
