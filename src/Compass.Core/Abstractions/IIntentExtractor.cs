namespace Compass.Core;

/// <summary>Turns a plain-language description of a workload into a <see cref="DeploymentIntent"/>.</summary>
/// <remarks>
/// Implementations must be thread-safe. Text from the user is data: nothing in it may change how the extractor
/// behaves beyond the fields it extracts. An implementation that cannot reach its backend (an LLM) should fall back
/// to a deterministic extractor and say so in <see cref="IntentExtraction.Notes"/> rather than fail.
/// </remarks>
public interface IIntentExtractor
{
    /// <summary>Extracts an intent from text, using earlier turns of a conversation as context.</summary>
    /// <param name="text">The latest message.</param>
    /// <param name="history">Earlier turns, oldest first; facts in <paramref name="text"/> override them.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The extraction.</returns>
    /// <exception cref="ArgumentException"><paramref name="text"/> is empty.</exception>
    Task<IntentExtraction> ExtractAsync(string text, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default);
}
