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
        @"not time[\s-]sensitive", @"no rush", @"latency[\s-]tolerant", @"speed isn't", @"speed is not",
        @"(?:the )?(?:latency|latenza|latencia|latenz|latence|latência|speed|quick|fast|response time|answer time)\s+(?:is |es |ist |est |è |é )?(?:not|no|nicht|non|não|pas)\s+(?:very |so |that )?(?:important|importante|wichtig|matters?|importa|needed|necessary|urgent|critical|a concern|an issue)",
        @"(?:low[\s-]?)?latency (?:is )?not (?:needed|required|a requirement)", @"not necessary that it is fast", @"nothing is urgent", @"not urgent", @"no (?:hurry|urgency)",
        @"nightly", @"(?:can|may) lag", @"come back to (?:it |them )?later", @"latency doesn'?t matter",
        @"run it whenever", @"whenever (?:it'?s|it is) (?:ready|done)", @"(?:don'?t|dont|do not) care (?:abt|about|for) (?:the )?speed", @"nobody'?s? (?:is )?watching",
        @"can churn", @"backlog job", @"time (?:is not|isn't) (?:a problem|an issue|critical|important)",
        @"by the following (?:week|day|morning|monday)", @"(?:a|one) day'?s turnaround is (?:fine|ok|okay|acceptable)", @"turnaround of (?:a|one) day", @"slow (?:answer|reply|response)s? (?:is|are) (?:fine|ok|okay|acceptable)",
        @"rather wait (?:a minute|a while|minutes|longer|a bit)", @"schnell[\p{L} ,]{0,40}(?:ist|sind) (?:uns |mir )?(?:egal|nicht wichtig)", @"über nacht",
        @"till morgonen", @"tiden spelar ingen roll", @"det haster ikke", @"dagen efter", @"næste dag", @"neste dag",
        @"(?:qualche|alcuni|pochi) minut[oi][\p{L} ,']{0,12}non importa", @"ci mette (?:qualche|un po'?)[\p{L} ']{0,15}non importa");

    private static readonly Regex LatencyHigh = Build(
        @"low[\s-]latency", @"(?:latency|response times?|speed|responsiveness) " + Important, @"real[\s-]?time", @"sub[\s-]?\d+\s?(?:ms|milliseconds?|seconds?|s)\b",
        @"(?:under|below|within) \d+\s?(?:ms|milliseconds?)\b", @"as fast as possible", @"instant(?:ly)? (?:responses?|answers?|replies)", @"latency[\s-]sensitive",
        @"(?:fast|quick|snappy|rapid) (?:responses?|response times?|replies|answers)", @"(?:needs?|has|have) to be (?:very )?(?:fast|quick|responsive)", @"minimal latency",
        @"(?:lowest|minimum|minimal) latency", @"respond (?:quickly|instantly|immediately)",
        @"lowlatency", @"(?:feel|feels|be|is|are) instant\w*", @"snappy", @"(?:latency|latncy|speed|response time|responsiveness) (?:is )?(?:super |very |really |extremely )?(?:important|critical|key|what counts)",
        @"speed is what counts", @"latency is(?=\s*[.,;!]|$)", @"(?:make|keep) it (?:fast|quick|snappy)", @"(?:should|must|has to|needs? to) be (?:really |very |super )?(?:fast|quick|responsive|snappy|instant)(?: only)?",
        @"(?:contestar|responder) r[aá]pido", @"r[aá]pid[oa]s?", @"schnell\w*", @"rapide", @"veloce", @"baja latencia", @"geringe latenz", @"niedrige latenz", @"faible latence", @"bassa latenza", @"baixa lat[eê]ncia",
        @"latency kam", @"(?:response|jawab) fast", @"target ttft", @"ttft (?:of |under |below |is )?\d+\s?ms", @"too slow",
        @"(?:the moment|as soon as|right after) (?:the|a|each|every|it|they) (?:[\w-]+ )?(?:ends|finishes|is over|is done|arrives|comes in|hangs up)",
        @"before (?:they|you|he|she|the user|users|the developer|developers) (?:hit|press|type)s? the next key", @"(?:a )?slow (?:reply|answer|response) (?:won'?t do|means|is useless|kills|ruins)",
        @"(?:longer|more) than a (?:few|couple of) seconds (?:kills|ruins|is useless|loses)", @"within seconds of", @"no long pauses",
        @"(?:arrives?|shows? up|comes?|appears?) (?:after|too late)[\w' ,]{0,40}(?:is|are) useless", @"(?:has|have|needs?) to (?:arrive|appear|land|come) before (?:the|they|he|she|you|we)\b(?! next)",
        @"(?:ttft|\w*first[_\s-]token)[\w\s:=<_-]{0,12}?\d+\s?ms", @"slow (?:ones|answers|responses|suggestions|replies) (?:break|kill|ruin)", @"\d+(?:\s?[-–]\s?\d+)?\s?(?:second|sec)s? mein");

    private static readonly Regex CostLow = Build(
        @"budget is (?:flexible|not a (?:concern|problem|issue)|no (?:concern|problem|issue))", @"flexible budget", @"(?:cost|price|money|budget) (?:is not|isn't|isnt) (?:a |an )?(?:concern|issue|problem|important|critical)",
        @"money is no object", @"(?:don't|do not) care (?:about|for) (?:the )?(?:cost|price|money)", @"regardless of (?:the )?(?:cost|price)", @"whatever it costs",
        @"cost (?:doesn't|does not) matter", @"(?:large|big|generous|unlimited) budget",
        @"(?:don't|dont|do not) care (?:about|for) (?:the )?(?:cost|costs|price|money)", @"(?:money|cost|costs|price|budget) (?:is|are) (?:not the issue|not an issue|secondary|no issue|not a problem)",
        @"no need (?:for it )?to be cheap", @"(?:money|budget|funding)(?: for (?:this|the|our) [\w-]+| for this)? (?:isn't|is not|isnt) (?:tight|short|an issue|limited)", @"(?:cost|price|money) (?:isn't|is not|isnt) what (?:we're|we are) optimi[sz]ing",
        @"cost[\w ]{0,30} is neither here nor there", @"spend what(?:ever)? it takes", @"(?:not|never) (?:going to )?penny[\s-]pinch\w*", @"custo não é problema", @"(?:el )?cost[eo] no (?:importa|es problema)", @"kosten spielen keine rolle", @"le co[uû]t n'est pas un probl[eè]me");

    private static readonly Regex CostHigh = Build(
        @"cost[\s-]effective\w*", @"cost[\s-]efficien\w*", @"cost[\s-]conscious", @"cost[\s-]sensitive", @"budget (?:is|are) (?:tight|limited|small|constrained)", @"(?:tight|limited|small|constrained|modest) budget",
        @"on a (?:tight |limited |shoestring )?budget", @"\bcheap(?:er|est|ly)?\b", @"low[\s-]cost", @"inexpensive", @"affordable", @"economical",
        @"minimi[sz]e (?:the )?(?:costs?|spend\w*)", @"keep (?:the )?costs? (?:low|down)", @"(?:cost|price|spend) " + Important, @"save (?:money|costs?)", @"reduce costs?",
        @"as cheap(?:ly)? as possible", @"lowest (?:cost|price)",
        @"budget (?:is )?tight", @"cost the more low possible", @"costs? (?:should|must|has to|have to) be (?:as )?low(?: as possible)?", @"barat[oa]", @"günstig\w*", @"pas cher", @"economic[oa]",
        @"कम लागत", @"costo contenuto", @"bajo cost[oe]", @"baixo custo", @"cheapest (?:option|setup|possible)",
        @"keep(?:ing)? (?:the )?(?:monthly |running )?(?:bill|costs?) (?:small|low|down|lean)", @"run (?:it|this) lean", @"every (?:franc|krona|krone|cent|penny|euro|dollar|yen|rupee|peso|real|złoty|pound) counts",
        @"(?:money|funds|cash|budget) (?:is|are) (?:tight|short|scarce)", @"(?:please|must|should|has to|needs to) not (?:be )?expensive", @"(?:must|should|can)(?:n't| not) be expensive");

    private static readonly Regex AccuracyLow = Build(
        @"(?:accuracy|quality|precision) (?:is not|isn't|isnt|doesn't|does not) (?:that |very |so )?(?:critical|important|matter|a concern|a priority)", @"good enough",
        @"(?:accuracy|quality) is (?:less|not) (?:important|critical)", @"(?:basic|decent|acceptable) quality is (?:fine|enough|ok)",
        @"no harm done", @"(?:now and then|occasionally|once in a while)[\w ,']{0,30}(?:no harm|is fine|is ok|doesn't matter)",
        @"(?:a bit|a little|slightly|somewhat) (?:corny|off|clumsy|rough|awkward|wrong|inaccurate|imprecise)\b[\w ,']{0,25}(?:nobody minds|no one minds|is fine|is ok|is okay|no problem|doesn't matter|we don't mind)");

    private static readonly Regex AccuracyHigh = Build(
        @"(?:accura(?:te|cy)|quality|precision|correctness|reliability) " + Important, @"(?:highest|high|best|top|excellent|premium)[\s-](?:possible )?(?:quality|accuracy)",
        @"quality (?:must|should|has to|needs to) be (?:the )?(?:best|high|excellent|top)", @"best possible", @"most (?:accurate|capable|powerful)",
        @"(?:better|higher) (?:code |answer |output )?quality", @"(?:quality|accuracy|thoroughness|correctness) (?:over|before|matters more than|is more important than) (?:speed|latency|cost)",
        @"thoroughness matters", @"state[\s-]of[\s-]the[\s-]art", @"(?:very|highly) accurate", @"accuracy matters",
        @"(?:accuracy|quality|precision|precisión|précision|precisione|precisão|qualità|qualidade|calidad|qualität|qualité)\s+(?:[\w-]+\s+){0,3}?(?:is |es |est |è |é |ist |hai )?(?:more |very |really |the most |most |muy |très |molto |sehr |sabse )?(?:important\w*|decisive|key|critical|paramount|non-negotiable|prioridad|prioridade máxima|prioridad máxima|priorit[àá] massima)",
        @"(?:need|needs|must be|has to be|should be|needs to be) (?:it |very |really |highly )?accurate", @"qualit[àa] alta", @"alta (?:calidad|qualidade|qualità|precisión)", @"best output", @"matters above all", @"the precision is the most important",
        @"(?:exactitude|exactitud|accuracy|correctness|precision|genauigkeit|précision|precisión)[\p{L} ,']{0,15}(?:n'est pas négociable|non négociable|is non-negotiable|is not negotiable|no es negociable|nicht verhandelbar)",
        @"rather (?:[\w'-]+ ){1,6}than (?:[\w'-]+ ){0,3}(?:wrong|mistranslat\w*|mistakes?|errors?|incorrect|inaccura\w*)", @"worse than none", @"worse than no (?:answer|information|info)",
        @"(?:must|should|may|can) never misstate", @"nothing (?:may|must|should|can) overstate", @"(?:has|have|needs?) to be (?:superb|flawless|spot[\s-]on|impeccable)",
        @"(?:people|someone|somebody|patients|workers) (?:could|can|may|might|will|would) die", @"worse than useless", @"on the street",
        @"(?:one|a|an) (?:wrong|missed|garbled|inflated|misread|mistranslated|misstated|incorrect) [\w-]+(?: [\w-]+){0,3} (?:can|could|would|will|means|and we)",
        @"(?:quality|thorough\w*|good|correct\w*|accura\w*) beats (?:fast|speed|quick\w*)", @"(?:translations?|answers?|output|code|copy|texts?|summar(?:y|ies)) (?:must|has to|have to|needs? to) be (?:very |really )?good",
        @"rather wait[\w ]{0,30} for a good");

    /// <summary>Returns the latency, cost and accuracy priorities stated in the text (null when not stated).</summary>
    /// <remarks>
    /// After a correction ("… actually, scratch that", "well, thinking about it") what follows it is read first. The
    /// fixed phrases below win over <see cref="PriorityClauses"/>, which reads the wording they do not know.
    /// </remarks>
    public static (Priority? Latency, Priority? Cost, Priority? Accuracy) Detect(string text)
    {
        var correction = Correction().Matches(text).LastOrDefault();
        if (correction is not null)
        {
            var (l, c, a) = Detect(text[(correction.Index + correction.Length)..]);
            var (el, ec, ea) = Detect(text[..correction.Index]);
            return (l ?? el, c ?? ec, a ?? ea);
        }

        var (latency, cost, accuracy) = PriorityClauses.Read(text);
        var (otherLatency, otherCost, otherAccuracy) = PriorityLexicon.Read(text);
        return (Pick(text, LatencyLow, LatencyHigh) ?? latency ?? otherLatency, Pick(text, CostLow, CostHigh) ?? cost ?? otherCost,
            Pick(text, AccuracyLow, AccuracyHigh) ?? accuracy ?? otherAccuracy);
    }

    [GeneratedRegex(@"\b(?:actually,? scratch that|scratch that|on second thought|(?:well, )?thinking about it|ok(?:ay)?,? (?:i )?talk(?:e)?d to the team|never ?mind|wait,? no|correction:|changed (?:its|their|our|his|her) mind|update(?: [\w']+){0,4}:|actually,? no)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Correction();

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
