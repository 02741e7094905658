using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Finds stated priorities. A priority counts only when the text says it ("low latency is critical", "budget is
/// tight", "accuracy is paramount"); a use case that is fast by nature ("fast code completion") is not a statement.
/// Low-priority phrases ("can wait", "budget is flexible") are matched before negations can flip a high one.
/// </summary>
internal static partial class PriorityDetector
{
    private const string Important = @"(?:is |are |remains? )?(?:very |really |extremely |also )?(?:critical|crucial|important|key|essential|paramount|a (?:top )?priority|vital|a must|matters?)";

    private static readonly Regex LatencyLow = Build(
        @"latency (?:is|isn't|is not|isnt) (?:not )?(?:a (?:big )?concern|an issue)", @"(?:latency|speed|response time) (?:isn't|is not|isnt|doesn't|does not) (?:as |that |very |so )?(?:critical|important|matter|a concern)",
        @"(?:can|could|are happy to|don't mind to|do not mind to) wait", @"(?:don't|do not) (?:mind|care about) (?:latency|speed|waiting)", @"tolerate (?:slightly |somewhat |a bit )?(?:higher|more|some) latency",
        @"(?:quality|accuracy|thoroughness|correctness) (?:over|before|matters more than|is more important than) (?:speed|latency)", @"overnight", @"batch (?:processing|jobs?|mode)",
        @"not time[\s-]sensitive", @"no rush", @"latency[\s-]tolerant", @"speed isn't", @"speed is not");

    private static readonly Regex LatencyHigh = Build(
        @"low[\s-]latency", @"(?:latency|response times?|speed|responsiveness) " + Important, @"real[\s-]?time", @"sub[\s-]?\d+\s?(?:ms|milliseconds?|seconds?|s)\b",
        @"(?:under|below|within) \d+\s?(?:ms|milliseconds?)\b", @"as fast as possible", @"instant(?:ly)? (?:responses?|answers?|replies)", @"latency[\s-]sensitive",
        @"(?:fast|quick|snappy|rapid) (?:responses?|response times?|replies|answers)", @"(?:needs?|has|have) to be (?:very )?(?:fast|quick|responsive)", @"minimal latency",
        @"(?:lowest|minimum|minimal) latency", @"respond (?:quickly|instantly|immediately)");

    private static readonly Regex CostLow = Build(
        @"budget is (?:flexible|not a (?:concern|problem|issue)|no (?:concern|problem|issue))", @"flexible budget", @"(?:cost|price|money|budget) (?:is not|isn't|isnt) (?:a |an )?(?:concern|issue|problem|important|critical)",
        @"money is no object", @"(?:don't|do not) care (?:about|for) (?:the )?(?:cost|price|money)", @"regardless of (?:the )?(?:cost|price)", @"whatever it costs",
        @"cost (?:doesn't|does not) matter", @"(?:large|big|generous|unlimited) budget");

    private static readonly Regex CostHigh = Build(
        @"cost[\s-]effective\w*", @"cost[\s-]efficien\w*", @"cost[\s-]conscious", @"cost[\s-]sensitive", @"budget (?:is|are) (?:tight|limited|small|constrained)", @"(?:tight|limited|small|constrained|modest) budget",
        @"on a (?:tight |limited |shoestring )?budget", @"\bcheap(?:er|est|ly)?\b", @"low[\s-]cost", @"inexpensive", @"affordable", @"economical",
        @"minimi[sz]e (?:the )?(?:costs?|spend\w*)", @"keep (?:the )?costs? (?:low|down)", @"(?:cost|price|spend) " + Important, @"save (?:money|costs?)", @"reduce costs?",
        @"as cheap(?:ly)? as possible", @"lowest (?:cost|price)");

    private static readonly Regex AccuracyLow = Build(
        @"(?:accuracy|quality|precision) (?:is not|isn't|isnt|doesn't|does not) (?:that |very |so )?(?:critical|important|matter|a concern|a priority)", @"good enough",
        @"(?:accuracy|quality) is (?:less|not) (?:important|critical)", @"(?:basic|decent|acceptable) quality is (?:fine|enough|ok)");

    private static readonly Regex AccuracyHigh = Build(
        @"(?:accura(?:te|cy)|quality|precision|correctness|reliability) " + Important, @"(?:highest|high|best|top|excellent|premium)[\s-](?:possible )?(?:quality|accuracy)",
        @"quality (?:must|should|has to|needs to) be (?:the )?(?:best|high|excellent|top)", @"best possible", @"most (?:accurate|capable|powerful)",
        @"(?:better|higher) (?:code |answer |output )?quality", @"(?:quality|accuracy|thoroughness|correctness) (?:over|before|matters more than|is more important than) (?:speed|latency|cost)",
        @"thoroughness matters", @"state[\s-]of[\s-]the[\s-]art", @"(?:very|highly) accurate", @"accuracy matters");

    /// <summary>Returns the latency, cost and accuracy priorities stated in the text (null when not stated).</summary>
    public static (Priority? Latency, Priority? Cost, Priority? Accuracy) Detect(string text)
        => (Pick(text, LatencyLow, LatencyHigh), Pick(text, CostLow, CostHigh), Pick(text, AccuracyLow, AccuracyHigh));

    private static Priority? Pick(string text, Regex low, Regex high)
    {
        if (low.IsMatch(text))
        {
            return Priority.Low;
        }

        var negations = Negation.Scopes(text);
        foreach (Match m in high.Matches(text))
        {
            if (!Negation.IsNegated(negations, m.Index))
            {
                return Priority.High;
            }
        }

        return null;
    }

    private static Regex Build(params string[] patterns)
        => new($@"(?<![\w-])(?:{string.Join("|", patterns)})(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
