using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Finds numbers the extractor does not turn into fields — a latency target ("first token under 300 ms", "answers
/// within 2 s") and token lengths ("prompts of about 4,000 tokens") — so that a note can say they were not used
/// rather than drop them silently. The SLO targets and token lengths come from the use case's template unless a
/// request sets them.
/// </summary>
internal static partial class TargetMentions
{
    [GeneratedRegex(@"(?<![\w-])(?:under|below|within|less than|no more than|at most|<|≤|sub)[\s-]?(?<value>\d+(?:[.,]\d+)?)\s?(?<unit>ms|milliseconds?|s|secs?|seconds?)(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LatencyTarget();

    [GeneratedRegex(@"(?<![\w.,])(?<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?<k>k)?[\s-]?tokens?(?![\w])(?!\s*(?:/|per|a|an|each)\s*(?:s|sec|second|minute|min)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenLength();

    [GeneratedRegex(@"\b(?:ttft|first token|time to first)", RegexOptions.IgnoreCase)]
    private static partial Regex TtftWord();

    [GeneratedRegex(@"\b(?:itl|inter-?token|per token|tpot|between tokens)", RegexOptions.IgnoreCase)]
    private static partial Regex ItlWord();

    [GeneratedRegex(@"\b(?:e2e|end-to-end|total|full (?:answer|response)|whole (?:answer|response))", RegexOptions.IgnoreCase)]
    private static partial Regex E2eWord();

    [GeneratedRegex(@"\b(?:output|outputs|response|responses|answer|answers|reply|replies|generat\w*|completion|completions|write|writes|summary|summaries)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OutputWord();

    [GeneratedRegex(@"\b(?:prompt|prompts|input|inputs|context|document|documents|question|questions|queries|query|transcript|transcripts|ticket|tickets)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PromptWord();

    /// <summary>The notes for the latency targets and token lengths a text gives, each with the fields that would set them.</summary>
    public static IReadOnlyList<IntentHint> Find(string text)
    {
        var hints = new List<IntentHint>();
        if (LatencyTarget().Match(text) is { Success: true } target)
        {
            var window = Window(text, target.Index, target.Length, 40);
            string[] fields = TtftWord().IsMatch(window) ? [IntentFields.TtftMs]
                : ItlWord().IsMatch(window) ? [IntentFields.ItlMs]
                : E2eWord().IsMatch(window) ? [IntentFields.E2eMs]
                : [IntentFields.TtftMs, IntentFields.ItlMs, IntentFields.E2eMs];
            var note = $"The text asks for '{target.Value.Trim()}', but a number in the text does not set an SLO target: the targets come from the use case's template for the latency priority (shown with the plan). Set the {Names(fields)} target to plan for it exactly.";
            hints.AddRange(fields.Select(f => new IntentHint(f, note)));
        }

        if (TokenLength().Match(text) is { Success: true } tokens)
        {
            var window = Window(text, tokens.Index, tokens.Length, 40);
            var output = OutputWord().IsMatch(window);
            var prompt = PromptWord().IsMatch(window);
            string[] fields = output && !prompt ? [IntentFields.OutputTokens] : prompt && !output ? [IntentFields.PromptTokens] : [IntentFields.PromptTokens, IntentFields.OutputTokens];
            var what = fields.Length == 2 ? "prompt and output lengths" : fields[0] == IntentFields.PromptTokens ? "prompt lengths" : "output lengths";
            var note = $"The text mentions '{tokens.Value.Trim()}', but token counts in the text are not read: the {what} come from the use case's template (shown with the plan). Set the {what} to plan with them.";
            hints.AddRange(fields.Select(f => new IntentHint(f, note)));
        }

        return hints;
    }

    private static string Window(string text, int index, int length, int around)
        => text[Math.Max(0, index - around)..Math.Min(text.Length, index + length + around)];

    private static string Names(string[] fields)
    {
        var names = fields.Select(f => f switch
        {
            IntentFields.TtftMs => "TTFT",
            IntentFields.ItlMs => "ITL",
            _ => "E2E",
        }).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }
}
