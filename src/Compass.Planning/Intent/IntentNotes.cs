using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// The notes extractors add when the text leaves a field to a default, in the library's terms: each goes with an
/// <see cref="Core.IntentHint"/> naming the field, which hosts render as their own way of setting it.
/// </summary>
public static class IntentNotes
{
    /// <summary>The text does not say what the model is for, so a conversational chatbot is assumed.</summary>
    public const string UseCaseAssumed = "The text does not say what the model is for; assumed a conversational chatbot. Say e.g. 'for code completion', or set the use case.";

    /// <summary>The text gives no load.</summary>
    public const string NoLoad = "The text gives no number of users or request rate; say e.g. 'for 500 users', or set the number of users.";

    /// <summary>The fields <see cref="Defaults"/> reports on, in the order it lists them.</summary>
    private static readonly string[] DefaultedFields =
    [
        IntentFields.LatencyPriority, IntentFields.CostPriority, IntentFields.AccuracyPriority, IntentFields.DeploymentModel,
        IntentFields.MaxMonthlyCostUsd, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels,
    ];

    /// <summary>The text describes its task without naming it, and the closest use case was taken.</summary>
    /// <param name="useCase">The use case taken.</param>
    /// <returns>The note.</returns>
    public static string UseCaseReadAsClosest(string useCase)
        => $"The text does not say outright what the model is for; read it as {useCase}, the closest match to what it describes. Say e.g. 'for code completion', or set the use case.";

    /// <summary>The LLM guessed the use case.</summary>
    /// <param name="guess">The guess.</param>
    /// <returns>The note.</returns>
    public static string UseCaseGuessed(string guess)
        => $"The text does not say clearly what the model is for; the LLM's best guess is {guess}. Say e.g. 'for code completion', or set the use case.";

    /// <summary>The text names people but no number of them (or no request rate), e.g. "for banana users".</summary>
    /// <param name="phrase">The words that name the people, as written.</param>
    /// <returns>The note.</returns>
    public static string NoLoadCounted(string phrase)
        => $"The text mentions '{phrase}' but gives no number of them or request rate; say e.g. 'for 500 users', or set the number of users.";

    /// <summary>
    /// The hints for the fields a text left to their defaults (priorities, deployment, budget, GPUs, models): one note
    /// that lists what was assumed, with one hint per field, so that setting any of them is seen to resolve it.
    /// </summary>
    /// <param name="intent">The intent, holding the defaults.</param>
    /// <param name="unstated">The fields the text did not state (and no request set).</param>
    /// <returns>The hints, all with the same note; empty when every field was stated.</returns>
    public static IReadOnlyList<IntentHint> Defaults(DeploymentIntent intent, IEnumerable<string> unstated)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(unstated);
        var fields = DefaultedFields.Intersect(unstated, StringComparer.Ordinal).ToArray();
        if (fields.Length == 0)
        {
            return [];
        }

        var parts = new List<string>();
        var priorities = fields.Where(f => f is IntentFields.LatencyPriority or IntentFields.CostPriority or IntentFields.AccuracyPriority).ToArray();
        if (priorities.Length > 0)
        {
            var names = priorities.Select(f => f switch
            {
                IntentFields.LatencyPriority => "latency",
                IntentFields.CostPriority => "cost",
                _ => "accuracy",
            }).ToArray();
            var list = names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1];
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{list} {(names.Length == 1 ? "priority" : "priorities")} medium"));
        }

        foreach (var field in fields.Except(priorities, StringComparer.Ordinal))
        {
            parts.Add(field switch
            {
                IntentFields.DeploymentModel => $"{intent.DeploymentModel.ToString().ToLowerInvariant()} deployment{(intent.DeploymentModel == DeploymentModel.Cloud ? " (GPUs rented by the hour)" : string.Empty)}",
                IntentFields.MaxMonthlyCostUsd => "no budget limit",
                IntentFields.PreferredGpuTypes => "any GPU",
                _ => "any model",
            });
        }

        var note = "Not stated, so planned with defaults: " + string.Join("; ", parts) + ". Say what matters (e.g. 'low latency', 'under $5k a month', 'on our own H100s'), or set these fields.";
        return [.. fields.Select(f => new IntentHint(f, note))];
    }
}
