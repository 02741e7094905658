using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Measures an intent extractor on labelled scenarios in the format of llm-d-planner's
/// <c>intent_extraction_scenarios.json</c>: <c>scenarios[]</c> with <c>id</c>, <c>description</c>, <c>user_message</c>,
/// <c>conversation_history</c> and <c>expected</c> fields given as a bare value or as <c>exact</c>, <c>one_of</c>,
/// <c>contains</c>, <c>contains_any</c>, <c>contains_any_partial</c> or <c>min</c>/<c>max</c>. A scenario passes only
/// when every expected field does.
/// </summary>
public static class IntentEvaluation
{
    /// <summary>Runs an extractor over every scenario of a labelled scenario file.</summary>
    /// <param name="extractor">The extractor.</param>
    /// <param name="scenariosJson">The scenario file's contents.</param>
    /// <param name="cancellationToken">A token to cancel the run.</param>
    /// <returns>The report, one result per scenario in the file's order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="extractor"/> or <paramref name="scenariosJson"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The file is not valid; the message names the scenario and field. Thrown by this call, before any extraction runs,
    /// not by the returned task.
    /// </exception>
    public static Task<IntentEvaluationReport> RunAsync(IIntentExtractor extractor, string scenariosJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(scenariosJson);
        var set = IntentScenarioSet.Parse(scenariosJson);
        return IntentScenarioEvaluator.RunAsync(extractor, set, cancellationToken);
    }
}
