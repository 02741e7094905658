using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Reads stated priorities clause by clause, for wording the fixed phrases of <see cref="PriorityDetector"/> do not
/// know: a clause that names an aspect (speed, quality, cost, in several languages) and says how much it matters
/// ("the quality of the answers needs to be high", "Kosten sind egal", "a minute or two is fine"), an aspect word that
/// carries its own weight ("instantly", "overnight", "cheapest", "mistakes are not acceptable"), and comparisons
/// ("quality beats speed", "latency is secondary to getting the fix right"). A later clause overrides an earlier one.
/// </summary>
internal static partial class PriorityClauses
{
    private enum Aspect
    {
        Latency,
        Cost,
        Accuracy,
    }

    /// <summary>Returns the latency, cost and accuracy priorities the clauses state (null when none does).</summary>
    public static (Priority? Latency, Priority? Cost, Priority? Accuracy) Read(string text)
    {
        var stated = new Priority?[3];
        if (Ranking().Match(text.ToLowerInvariant()) is { Success: true } ranking && AspectOf(ranking.Groups["first"].Value) is { } first)
        {
            // "Priorities in order: 1) accuracy, 2) cost, 3) latency": the first is the one that matters.
            stated[(int)first] = Priority.High;
            return (stated[0], stated[1], stated[2]);
        }

        foreach (var clause in Clauses(text))
        {
            foreach (var (aspect, priority) in ReadClause(clause))
            {
                stated[(int)aspect] = priority;
            }
        }

        if (LatencyMediumWord().IsMatch(text.ToLowerInvariant()))
        {
            // "a minute is acceptable, ten isn't" spans two clauses and says medium on purpose.
            stated[(int)Aspect.Latency] = Priority.Medium;
        }

        return (stated[0], stated[1], stated[2]);
    }

    private static IEnumerable<string> Clauses(string text)
        => ClauseBreak().Split(text.ToLowerInvariant()).Select(c => c.Trim()).Where(c => c.Length > 0);

    private static List<(Aspect Aspect, Priority Priority)> ReadClause(string clause)
    {
        var found = new List<(Aspect, Priority)>();
        if ((Comparison().Match(clause) is { Success: true } english ? english
            : clause.Contains("öncelik", StringComparison.Ordinal) || clause.Contains("önem", StringComparison.Ordinal) ? TurkishComparison().Match(clause) : Match.Empty) is { Success: true } compared)
        {
            var (first, second) = (AspectOf(compared.Groups["a"].Value), AspectOf(compared.Groups["b"].Value));
            var reversed = compared.Groups["less"].Success;
            if (first is { } a && second is { } b && a != b)
            {
                found.Add((a, reversed ? Priority.Low : Priority.High));
                found.Add((b, reversed ? Priority.High : Priority.Low));
                return found;
            }
        }

        // A phrase that settles one aspect is not read again for another ("never quote a wrong price" is about
        // accuracy, not cost), and schedule idioms are not about latency ("fast to market").
        clause = Idiom().Replace(clause, " ");
        var aspects = new[] { Aspect.Latency, Aspect.Cost, Aspect.Accuracy };
        var heavy = aspects.Select(a => Loaded(a).Match(clause)).ToArray();
        foreach (var aspect in aspects)
        {
            var own = clause;
            foreach (var other in aspects.Where(o => o != aspect && heavy[(int)o].Success).Select(o => heavy[(int)o]))
            {
                own = own.Remove(other.Index, other.Length).Insert(other.Index, new string(' ', other.Length));
            }

            if (Weigh(own, aspect) is { } priority)
            {
                found.Add((aspect, priority));
            }
        }

        return found;
    }

    private static Priority? Weigh(string clause, Aspect aspect)
    {
        var (named, loaded, light) = aspect switch
        {
            Aspect.Latency => (LatencyWord(), LatencyHighWord(), LatencyLowWord()),
            Aspect.Cost => (CostWord(), CostHighWord(), CostLowWord()),
            _ => (AccuracyWord(), AccuracyHighWord(), AccuracyLowWord()),
        };
        if (light.IsMatch(clause))
        {
            // "a minute or two is fine", "cost is not a factor"; a light word said to be bad is a heavy one ("a slow
            // completion is worse than none").
            return Bad().IsMatch(clause) ? Priority.High : Priority.Low;
        }

        if (aspect == Aspect.Latency && LatencyMediumWord().IsMatch(clause))
        {
            // "it shouldn't take forever either", "people do sit and wait for it": neither strict nor relaxed.
            return Priority.Medium;
        }

        if ((named.IsMatch(clause) || loaded.IsMatch(clause)) && Unimportant().IsMatch(clause))
        {
            return Priority.Low;
        }

        if (loaded.Match(clause) is { Success: true } heavy)
        {
            // "has to be instant" / "doesn't need to be realtime", "nobody expects instant"; a phrase that carries its
            // own negation ("never gives a wrong answer", "don't want to spend much") is not flipped by it.
            var before = clause[Math.Max(0, heavy.Index - 40)..heavy.Index];
            return Negated().IsMatch(Romaji().IsMatch(clause) ? before.Replace(" no ", " ", StringComparison.Ordinal) : before) ? Priority.Low : Priority.High;
        }

        if (!named.IsMatch(clause))
        {
            return null;
        }

        if (Important().Match(clause) is { Success: true } cue)
        {
            // "speed is very important because else they don't use it": a negation after the cue is another clause's.
            return Negated().IsMatch(clause[Math.Max(0, cue.Index - 30)..cue.Index]) ? Priority.Low : Priority.High;
        }

        return null;
    }

    private static Regex Loaded(Aspect aspect) => aspect switch
    {
        Aspect.Latency => LatencyHighWord(),
        Aspect.Cost => CostHighWord(),
        _ => AccuracyHighWord(),
    };

    private static Aspect? AspectOf(string words)
        => LatencyWord().IsMatch(words) || LatencyHighWord().IsMatch(words) ? Aspect.Latency
            : AccuracyWord().IsMatch(words) || AccuracyHighWord().IsMatch(words) ? Aspect.Accuracy
            : CostWord().IsMatch(words) || CostHighWord().IsMatch(words) ? Aspect.Cost
            : null;

    [GeneratedRegex(@"(?:priorit(?:y|ies)\s+(?:in order|ranked|order)|(?:ranking|ranked|(?:in )?order of importance(?: for us)?|most to least important)(?:\s*,?\s*(?:most to least important|in order of importance|from most important))?)\s*:?\s*(?:1[.)]|#1|first)?\s*(?<first>[\p{L}-]+(?:\s[\p{L}-]+)?)")]
    private static partial Regex Ranking();

    [GeneratedRegex(@"\b(?:shouldn'?t take forever|should not take forever|not too slow|(?:people|users) (?:do )?sit and wait|within reason|reasonabl[ey] (?:fast|quick)|shouldn'?t be sitting there|(?:but )?(?:it is|it'?s) interactive|(?:a|one) minute is (?:acceptable|fine|ok),? (?:ten|\d+) (?:isn'?t|is not)|minutes is not|for ten or twenty seconds is fine|(?:a |the )?(?:few|couple of|\d+(?:\s?[-–]\s?\d+)?) seconds?(?:'|’)?(?: of waiting| wait| delay| per (?:reply|answer))? (?:is|are) (?:totally |perfectly |completely )?(?:fine|ok|okay|acceptable)|(?:answers?|replies|responses?) (?:with)?in (?:a few|a couple of|\d+(?:\s?[-–]\s?\d+)?) seconds? (?:is|are) (?:fine|ok|okay|acceptable)|half a minute|within a minute or so|somewhere between|(?:is|are) (?:fine|ok|okay|acceptable)[;,]\s*(?:but )?(?:half an hour|an hour|\w+ (?:minutes|hours)|hours|a day) (?:is|are) not|not instant(?:ly)?,? but|(?:seconds?|minutes?)(?: per [\w-]+)? (?:is|are) (?:fine|ok|okay|acceptable)[^.]{0,90}?\b(?:hours|a day|the next day|a week|days)\b[^.]{0,25}?(?:too late|is not|isn'?t|not ok|unacceptable)|(?:inside|within) (?:an|the) hour works|can live with (?:a few|several|a couple of) seconds)\b")]
    private static partial Regex LatencyMediumWord();

    [GeneratedRegex(@"\b(?:(?:fast|quick(?:ly)?|rapid(?:ly)?) to market|time[\s-]to[\s-]market|(?:get|go|ship|launch|roll)\w* (?:it |this )?(?:out |live )?(?:fast|quickly|asap|soon))\b")]
    private static partial Regex Idiom();

    [GeneratedRegex(@"\b(?:desu|shimasu|masu|wo|ga|yori)\b")]
    private static partial Regex Romaji();

    // Clauses end at sentence marks, semicolons, dashes, commas and the words that turn an argument ("but", "aber").
    [GeneratedRegex(@"[.;!?\n,:]+\s|[.;!?\n]+$|\s[—–-]{1,2}\s|—|\b(?:but|however|aber|mais|par contre|pero|ma|mas|maar|lekin|par|whereas|while)\b")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"(?<a>[\p{L}$€ ]{2,40}?)\s+(?:(?<less>is secondary to|matters less than|comes after|is less important than|less than)|(?:over|before|beats?|ahead of|above|more than|more then|rather than|(?:is|are) worse than|(?:are |is )?worth more than|matters? (?:way |much |far )?more than|prime sur|gaat boven|boven|vor|über|sobre|sopra|acima de|más que|plus que|mehr als|viktigare än|passe avant|passa avanti|vem antes|va antes|se pasa)\b)\s+(?<b>[\p{L}$€ ]{2,40})")]
    private static partial Regex Comparison();

    // Turkish puts the thing compared against first, in the ablative: "doğruluk hızdan daha önemli" (accuracy matters
    // more than speed), "hız maliyetten daha az önemli" (speed matters less than cost).
    [GeneratedRegex(@"(?<a>[\p{L} ]{2,40}?)\s+(?<b>\p{L}+?)'?(?:dan|den|tan|ten)\s+(?:(?<less>(?:çok |biraz )?daha az)|(?:çok |biraz |çok daha |biraz daha |daha )+)\s*(?:önemli|öncelikli|önemlidir|önceliklidir)(?!\p{L})")]
    private static partial Regex TurkishComparison();

    [GeneratedRegex(@"\b(?:not|no|never|isn'?t|aren'?t|don'?t|dont|doesn'?t|dosnt|does not|do not|nob(?:o)?dy'?s?|no one|without|nicht|kein\w*|pas|non|não|nao|niet|geen|nahi|nahin|mat)\b")]
    private static partial Regex Negated();

    [GeneratedRegex(@"\b(?:worse|bad|terrible|unacceptable|hate|nobody will use|won'?t use|lose|goes? away|bail\w*|annoy\w*|frustrat\w*|komarimasu|turn it off|won'?t touch|useless|won'?t trust|stop using|se va|give up|phone the front desk)\b")]
    private static partial Regex Bad();

    [GeneratedRegex(@"\b(?:important|critical|crucial|key|essential|paramount|vital|priorit\w*|first|primero|primeiro|tiene que|tem que|il faut|above all|everything|matters?|must|top|king|non[\s-]negotiable|can'?t compromise|cannot compromise|needs?|has to|have to|should|shoud|required|requirement|wichtig|entscheidend|hauptsache|importante?|importa|conta|compte|zählt|telt|fondamental\w*|primordial|belangrijk|juuyou|saiyuusen|ichiban|zaroori|chahiye|sabse|ekdum|bilkul|utmost|high|higher|highest|best|premium|top class|hoch|alta|alto|haute?|élevée|sim|schon|sì|sí|que sea|que seja|muss|müssen|soll\w*|doit|doivent|deve|devono|debe|moet|moeten|prime|acima de tudo|avant tout|vor allem|über alles|por encima de todo|sopra tutto|najważniejsz\w*|viktigast|en önemli|önemli|belangrijkst\w*|wichtigst\w*|manda|rules|is king|decides|sensitive|counts|quan trong|zaroori)\b")]
    private static partial Regex Important();

    [GeneratedRegex(@"\b(?:not (?:very |that |so |too |a |an )?(?:important|critical|crucial|key|a priority|a concern|an issue|a factor|a problem|relevant)|(?:doesn'?t|does not|dont|don'?t) matter|secondary|irrelevant|less important|uncritical|no object|not an issue|nebensächlich|zweitrangig|egal|spielen keine rolle|spielt keine rolle|unwichtig|lo de menos|no importa|importa poco|da igual|importe peu|peu importe|n'est pas (?:critique|important\w*|un problème)|pas critique|ne compte pas|non conta|non (?:è|sono) (?:importante?|importanti|critic\w*)|não importa|não é (?:importante|problema)|maakt niet uit|niet belangrijk|issue nahi|koi baat nahi|chalega|chalegi|chal jayega|drugorzędn\w*|nie jest ważn\w*|inte viktig\w*|önemli değil|fark etmez|nicht so wichtig|weniger wichtig|minder belangrijk|tension nahi|zaroori nahi)\b")]
    private static partial Regex Unimportant();

    [GeneratedRegex(@"\b(?:latency|latncy|latenc\w*|latenz|latence|latência|latenza|speed|fast|faster|quick\w*|quik|slow\w*|wait\w*|response times?|answer time|turnaround|responsive\w*|delay\w*|lag\w*|velocidad|velocidade|velocità|velocita|vitesse|geschwindigkeit|snelheid|tempi di risposta|tiempo de respuesta|temps de réponse|antwortzeit|hayaku|hayai|sokudo|jaldi|tez|hız\w*|gecikme\w*|szybk\w*|snabb\w*|prazo|tempo de resposta|reactietijd|hastighet\w*|wait)\b")]
    private static partial Regex LatencyWord();

    [GeneratedRegex(@"\b(?:instant\w*|immediate\w*|real[\s-]?time|realtime|live|asap|lightning|razendsnel|ohne verzögerung|sofort\w*|snappy|speedy|within (?:a |one |\d+(?:[.,]\d+)? ?)(?:seconds?|sekunden?|s|ms)|(?:under|below) \d+(?:[.,]\d+)? ?(?:s|ms|seconds?)\b|p95 (?:under|below)|in \d+ ?ms|while (?:they(?:'re| are)|the customer|he|she|you(?:'re| are)) (?:typ\w*|wait\w*)|while typing|typing ke saath|pop up|very (?:very )?low|fast pls|(?:just|only) (?:speed|latency)|innerhalb (?:einer|von \d+) sekunden?|binnen \d+ seconden?|en menos de (?:un|\d+) segundos?|em menos de (?:um|\d+) segundos?|entro (?:un|\d+) second[oi]|en moins d'une seconde|as fast as|quick as|hayaku|(?:be|is|are) (?:fast|quick|quik)|(?:fast|quick|quik) (?:replies|answers|responses?)|(?:can'?t|cannot|must not|mustn'?t|shouldn'?t) (?:feel |be )?(?:sluggish|slow|laggy)|sluggish|flüssig|kein ruckeln|anında|turant|within a breath|before the next keystroke|slower than (?:our|their|my) typing|as (?:we|they|you) type|straight away|right away|right after|every second counts|no lag|tempo real|tiempo real|temps réel|echtzeit|istantane[oa]|instantáneo|instantanée?|natychmiast\w*|(?:while|when) the customer is (?:still )?on the line|on the phone with|before (?:they'?ve|they have) finished|standing on a ladder|(?:must|should) (?:be )?not (?:be )?slow|(?:in |within )?less than (?:one|two|three|a|\d+) seconds?|menos de (?:um|uno|dos|dois|\d+) segundos?|moins de (?:une|deux|\d+) secondes?|weniger als (?:eine|zwei|\d+) sekunden?|(?:fast|quick) and (?:cheap|cheep|accurate|good)|quick pls|quickly pls|(?:later|slower) than (?:~|about )?\d+(?:[.,]\d+)?\s?(?:ms|milliseconds?|s|seconds?)|slower than (?:one|a|two) seconds?|every second (?:they|you|we|users|customers) wait|p\d{2} ?(?:<|under|below) ?\d+|not like waiting|cepat|snabbt|ohne spürbare verzögerung|(?:isn'?t|is not|not) ready by the time|by the time (?:the |they |he |she )?(?:agent |user )?(?:closes|finishes|hangs up)|before (?:they'?ve|they have) lifted|sugu kaette|must be inst\w+|instnat|(?:takes?|take) more than (?:a couple of|a few|one|two|\d+) seconds?|keep up with (?:their |our |the )?typing|actually keep up|in (?:a couple of|less (?:of|than) \d+|under \d+) seconds?|al momento|(?:keeps?|keeping) (?:them|people|users|customers|him|her|patrons) waiting|before (?:they|users|customers|people|callers) (?:give up|hang up|lose patience|walk away)|keep pace with|won'?t wait (?:long|around)|will not wait long|before (?:saying hello|they (?:pick up|say hello|greet))|(?:be )?(?:there|ready|waiting) (?:by the time|when) (?:they|the \w+) opens?|within (?:one|two|three|a|a couple of) seconds?|while (?:they(?:'re| are)|the customer is|he(?:'s| is)|she(?:'s| is)) still (?:talking|on the (?:phone|call|line))|during the call|(?:arrived|came|were|showed up) (?:about |almost |nearly )?(?:a|one|two|\d+) seconds? late|(?:disabled|uninstalled|turned off|switched off) the (?:plugin|extension|tool|feature)|hote hi)\b")]
    private static partial Regex LatencyHighWord();

    [GeneratedRegex(@"\b(?:overnight|nightly|over (?:the|a) weekend|next (?:working|business) day|in the night|next[\s-]day|a day is fine|raat bhar|(?:a )?(?:minute|minutes|hour|hours|several minutes|few seconds|few minutes) (?:or two )?(?:is|are) (?:fine|ok|okay|acceptable)|fine waiting|(?:doesn'?t|don'?t|nob(?:o)?dy)(?: actually)? minds?|takes? time|if it takes time|in a hurry|(?:is|it'?s) ok(?:ay)?|can wait|offline batch|one[\s-]off batch|slow chalega|thoda slow|zweitrangig|uncritical|unkritisch|not time[\s-]sensitive|(?:can|may|could|will|might) take (?:a few |several |some |up to |\d+ )?(?:minutes?|hours?|a while|its time|one night|a night)|(?:it )?mag (?:best )?(?:een|\d+) (?:minuut|minuten|uur) duren|happy to wait|rather wait|wait an hour|(?:ready )?by (?:the )?next morning|next morning|by (?:monday|tomorrow|morning|the morning)|no one is waiting|nobody waits|not in (?:a )?hurry|no need to hurry|pas pressé|traitement de nuit|one night|over lunch|background job|in bulk|indifferent|not an? (?:evaluation )?criterion|çok önemli değil|önemli değil|response time is not|seconds don'?t matter|jaldi nahi|kamaimasen|o prazo de resposta não|prazo de resposta não|nobody sits watching|no one sits watching|take your time|can be slow|(?:takes?|take) longer[\w ,']{0,40}?fine|all night|een nacht|in the morning|si tarda|da igual si|aunque tarde|go to lunch|sometime later|pode demorar|puede tardar|(?:results )?in 24 ?h(?:ours)?,? (?:is )?(?:ok|fine)|takes? (?:up to |about |around )?(?:a |one |two |three |a few |several |\d+ )?(?:or (?:two|three|\d+) )?(?:minutes|hours)[\w ,']{0,20}?(?:is|are) (?:completely |perfectly |totally |absolutely )?(?:fine|ok|okay|acceptable)|(?:check|come) back later|within the hour|(?:by|before) (?:the )?next (?:morning|day|week)|whenever it'?s done|dont care how long|don'?t care how long|(?:no|not in a) rush|(?:sometime|some time) before|not right away|(?:får|kan) ta tid|agle din|tarde lo que|darf ruhig|(?:\w+ )?minutes? (?:per \w+ )?(?:is|are) fine|wait several minutes)\b")]
    private static partial Regex LatencyLowWord();

    [GeneratedRegex(@"\b(?:cost|costs|coste|costo|custo|coût|kosten|kosto|kosuto|price|pricing|prices|preis|prix|precio|preço|budget|money|spend\w*|pay|paying|paisa|kharcha|expensive|dollars?|geld|dinero|argent|soldi|dinheiro|pieni\w+|pengar|koszt\w*|kosta\w*|kostnad\w*|maliyet\w*|fiyat\w*|bill|bills|spese|gasto\w*|\$)(?=\W|$)")]
    private static partial Regex CostWord();

    [GeneratedRegex(@"\b(?:cheap\w*|cheep\w*|[eé]conom\w*|(?:pas|not) (?:un |a )?(?:gros|big|large|huge) budget|smallest (?:possible )?(?:bill|cost|spend)|keep (?:the |our )?(?:[\w-]+ )?(?:bill|costs?|spend|running cost) (?:as low|lean)|(?:really|all|mostly|only) about (?:the )?(?:money|cost|price)|(?:if it|if this) (?:ends up )?cost(?:s|ing)? more than|budjet (?:is )?tight|yasuk\w*|yasui|sasta|sasti|bootstrapped|frugal|almost no budget|no budget|(?:very |quite )?limited budget|budget (?:is )?(?:very )?(?:limited|tight|small|serré|limitato|limitado|knapp)|budget serré|budget limitato|presupuesto (?:limitado|ajustado)|orçamento (?:limitado|apertado)|(?:stay|remain|blijven|rester) (?:minimal|low|laag|bas)|laag blijven|(?:don'?t|dont|do not) (?:wanna|want to) spend|the most low|cost[\s-]favourable|cost[\s-]favorable|price must be small|(?:may|should|must|can) not cost (?:too much|a lot|much)|not (?:cost|spend) (?:too much|a lot|alot|much)|budget (?:è|est|ist|is|es|é) (?:molto |très |sehr |muy )?(?:limitato|limité|begrenzt|limitado|beperkt|knapp|serré|ajustado)|small price|lowest price|minimal cost|watching every (?:dollar|cent|penny|euro|rupee)|every (?:cent|penny|dollar) (?:does|counts|matters)|keep (?:the |our )?(?:bill|costs?|spend) (?:down|low|modest|in check)|(?:don'?t|do not) let the bill|public money|(?:el |the )?pre(?:cio|ço|is|ice) (?:manda|is king|rules|decides)|lo más económico|jak najniższ\w*|najtańsz\w*|får inte kosta|price is (?:very )?sensitive|price[\s-]sensitive|costs? (?:modest|low)|maliyet en önemli|en ucuz|kharcha kam|kam se kam|kharcha na ke barabar|(?:not|no) big money|(?:have|has) not (?:big|much) money|very little money|(?:dont|don'?t|do not) have (?:mony|money|much money)|as lean as possible|bare minimum|cost is the most (?:important|importnt)|most important (?:thing|criterion) is (?:the )?cost|zo laag mogelijk|so (?:niedrig|günstig) wie möglich|le moins cher|lo más barato|il meno possibile|o mais barato|nonprofit|non-profit|ngo|charity|shoestring|not want (?:to )?pay a lot|tanio|murah|serendah mungkin|budget kam|kam budget|(?:cost|price)s? as low as (?:possible|posible)|cheap to run|keep it cheap|phai thap|chi phi thap)\b")]
    private static partial Regex CostHighWord();

    [GeneratedRegex(@"\b(?:money is no object|no object|not a factor|not an issue|(?:is )?not (?:a|an) (?:issue|problem|concern)|(?:we'?ll|will|happy to|would) pay (?:more|what it takes|whatever)|pay what it takes|issue nahi|(?:kosten|preis|geld|budget)[\p{L} ]{0,20}egal|spielen keine rolle|lo de menos|importe peu|não importa|non importa|whatever it costs|no matter the cost|(?:zyada|jyada) ho to chalega|matters less|budget isn'?t the (?:constraint|contraint)|budget is not the constraint|isnt the contraint|spend whatever|whatever it takes|(?:nos )?da igual lo que cueste|non badiamo a spese|il costo non è un problema|(?:kein(?:e)? )?(?:große )?rolle spielt|spielt keine (?:große )?rolle|koi tension nahi|tension nahi|(?:cost|price|money) isn'?t what we'?re worried about|not worried about (?:the )?(?:cost|price|money)|cost is not a problem|(?:cost|price) is no (?:issue|object|problem)|don'?t hold back on (?:cost|spend\w*)|don'?t economi[sz]e|covering the bill|(?:cost|money|price) isn'?t (?:our|the) (?:headache|problem|issue|concern)|(?:we'?d|would) pay (?:double|more|twice)|money isn'?t what'?s holding|signed off on whatever|spend what it takes|zaroori nahi|price is irrelevant|money'?s secondary|(?:money|cost|price|budget)(?:'s| is| are|s are)? not the (?:problem|issue|constraint|concern)|we have the budget|(?:funding|budget) is (?:secured and )?generous|generous funding|(?:cost|money|price|budget) is the least of (?:our|my|their) (?:concerns|worries|problems)|(?:not to|don'?t|do not|never) skimp|costs? what it costs|(?:cost|money|price) (?:doesn'?t|does not) (?:enter into|come into) it|more than it can spend|small change|(?:rather|happy to|willing to) overpay|without blinking|prêts? à payer|payer ce qu'il faut|every (?:dollar|euro|pound|cent) (?:spent|we spend)(?: here)? is cheaper than)\b")]
    private static partial Regex CostLowWord();

    [GeneratedRegex(@"\b(?:accura\w*|acura\w*|quality|qualit\w*|qualität|qualidade|calidad|kwaliteit|precis\w*|précision|präzision|genau\w*|correct\w*|right|wrong|mistakes?|errors?|perfect|reliab\w*|exact\w*|hallucinat\w*|hinshitsu|seikaku\w*|sahi|galat|answers?|jakość|kwaliteit|kvalitet|kalite|doğruluk|stimm(?:en|t)|fiable|fiabilit\w*|confiabl\w*|zuverlässig\w*|polished|precisão|seikakusa|hallucinat\w*|invent\w*|quaility|qualty|quailty|chinh xac)\b")]
    private static partial Regex AccuracyWord();

    [GeneratedRegex(@"\b(?:never (?:[\w']+ ){0,4}?wrong(?: [\w-]+)?|(?:not|no) (?:gives? )?(?:a )?wrong(?: [\w-]+)?|wrong (?:could|can|would|might) (?:hurt|harm|kill)|getting it wrong is (?:dangerous|not|costly)|mistakes are not acceptable|no mistakes|must not miss|being right is everything|has to be right|have to be right|must be right|needs? to be right|rock solid|certified quality|sound premium|top class|bilkul sahi|sahi hone chahiye|quality first|accuracy first|accuracy is key|precision matters|we lose the customer|(?:must|should|can) not hallucinate|mustn'?t hallucinate|never hallucinate|no hallucinations?|(?:never|not) (?:be )?invent\w*|never invents?|no (?:se )?invente|não pode inventar|must not make claims|regulators? (?:will|may|can) (?:read|ask|check)|faithful|not a single (?:bug|error|mistake)|(?:wrong|bad|incorrect) (?:code|answers?|advice|arguments?) (?:is|are) (?:not an option|worse)|errors (?:in (?:the |a )?[\w ]{0,20})?cost us|drops? an? [\w ]{0,15}(?:event|fact|finding)|seikakusa wo juushi|juushi shimasu|jakość jest najważniejsza|najważniejsz\w*|above (?:evrything|everything)|(?:accurate|acurate|correct|right) answers are|made[\s-]up (?:\w+ )?could|could kill|can hurt (?:someone|people|patients)|hurt someone|must not make things up|bez zmyślania|no puede equivocarse|can'?t afford to guess|won'?t trust it|misses an? \w+|regulator finding|gets someone hurt|best copy money can buy|rigorous|galti nahi|(?:worth|matters?) (?:way |much |far )?more than|quaility matters|chinh xac la quan trong|compile|(?:must|may|should|can)(?:not| not|n'?t) (?:drop|distort|alter|change|omit|lose|leave out|miss) (?:any|anything|facts?|details?|[\w-]+ facts?)|nothing (?:[\w-]+ )?(?:may|must|can|should) be (?:dropped|changed|lost|left out|missed|omitted|distorted|altered)|(?:has|have|needs?|must) to hold up|must hold up|(?:a |one |any )?(?:wrong|incorrect|false|bad|mistranslated|missed|misread|made-up|inaccurate)\s+(?:[\w'-]+\s+){0,4}?(?:is|are|would be|'d be|was|can|could|may|might|will|goes|means)\s+(?:[\w-]+\s+){0,3}?(?:worse|a disaster|disastrous|a catastrophe|catastrophic|dangerous|unacceptable|fatal|ground|grounds|kill|cost|costs|hurt|harm|straight to|a lawsuit|liabilit\w*|a recall|a fine|fines|someone|people)|worr(?:ies|y|ied) (?:me|us)[\w ,']{0,10}? (?:is|are) (?:[\w'-]+ ){0,5}?(?:wrong|incorrect|mistakes?|errors?)|can'?t accept (?:[\w'-]+ ){0,4}?(?:wrong|errors?|mistakes?|that doesn'?t)|passes? review the first time|right the first time|(?:don'?t|do not|never|won'?t) (?:need|have) to double[\s-]check|(?:must|has to|have to|needs? to) match (?:the |what )|word for word|(?:correct\w*|quality|accuracy|precision),? yes\b|someone (?:gets|will get|could get) hurt|people (?:get|will get) hurt|(?:a |one )?misread [\w ]{0,30}(?:means|could|can|would))\b")]
    private static partial Regex AccuracyHighWord();

    [GeneratedRegex(@"\b(?:(?:doesn'?t|does not|dont|dosnt|do not|don'?t) (?:need|have|has) to be (?:perfect|exact)|(?:need|needs) not be perfect|not (?:need )?(?:to )?be perfect|do not need to be perfect|don'?t need to be perfect|does not have to be perfect|(?:a )?rough (?:gist|draft|summary) is (?:enough|fine|ok)|(?:don'?t|dont) care much about (?:accuracy|acuracy|quality)|we fix it anyway|kam bhi chalegi|good enough|can be wrong|mostly works is fine|(?:a )?(?:first )?drafts? (?:is|are) fine|typos (?:in (?:the )?output )?are (?:ok|okay|fine)|small errors are not (?:grave|a problem)|nothing fancy|(?:errors|mistakes) are (?:ok|fine|acceptable|not grave)|doesn'?t need to be exact|half the ideas (?:being )?rubbish is fine|if it'?s a bit off|a rough outline [\w ,'-]{0,40}?(?:is )?enough|rough outline|check everything anyway|roughly (?:right|correct)|perfection (?:isn'?t|is not) (?:required|needed|necessary|expected)|(?:live with|accept|tolerate) (?:a |some )?(?:clumsy|rough|imperfect|awkward)|clumsy [\w ]{0,30}(?:is|are) fine|(?:little|small|minor|some) (?:mistakes|errors)[\w ,']{0,15}?(?:no problem|is fine|are fine|ok|okay|acceptable)|can have (?:little|small|minor|some) (?:mistakes|errors)|(?:that'?s|being|is|are) (?:a (?:bit|little) )?(?:off|wrong) (?:is|are) (?:harmless|fine|ok|okay|no problem)|knowing roughly|roughly what|(?:correctness|accuracy|quality|precision) is optional|(?:first|rough) drafts?,? which (?:they|we|editors|staff) (?:then )?(?:revise|edit|fix|check)|machine[\s-]quality|rough\b[\w ,'-]{0,40}?(?:is|are) (?:enough|fine|ok|okay)|throw (?:most|half|many) of them away)\b")]
    private static partial Regex AccuracyLowWord();
}
