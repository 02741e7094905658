using System.Collections.Immutable;
using Compass.Core;
using Compass.Planning.Specification;

namespace Compass.Planning.Conversation;

/// <summary>A refinement turn, read: the new intent and edits, what changed, and whether a comparison or a cheaper plan was asked for.</summary>
/// <param name="Intent">The intent after the turn.</param>
/// <param name="Overrides">The edits after the turn.</param>
/// <param name="Changes">What changed, for the user.</param>
/// <param name="Compare">The two ranks to compare, when asked.</param>
/// <param name="Cheaper">Whether the user asked for a cheaper plan.</param>
/// <param name="LoadStated">Whether the turn gave the load as a number (users or a rate), not as a factor of the last one.</param>
internal sealed record Refinement(DeploymentIntent Intent, PlanOverrides Overrides, ImmutableArray<string> Changes, (int First, int Second)? Compare, bool Cheaper, bool LoadStated = false)
{
    public bool IsEmpty => Changes.IsEmpty && Compare is null && !Cheaper;
}
