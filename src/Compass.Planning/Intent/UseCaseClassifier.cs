using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Scores each use case by weighted phrases found in the text; a phrase inside a negation counts against its use case.
/// An explicit id ("code_generation_detailed") outweighs everything. Summarization words count towards both
/// summarization use cases, and length markers ("lengthy", "50+ pages", "under a page") decide between them.
/// </summary>
internal static partial class UseCaseClassifier
{
    /// <summary>The lowest score that counts as the text stating a use case.</summary>
    public const double StatedThreshold = 2;

    private static readonly (UseCase UseCase, Regex Pattern, double Weight)[] Phrases =
    [
        .. Phrase(UseCase.ChatbotConversational, 3, @"chat\s?bots?", @"customer[\s-](?:service|support|care)", @"support (?:bot|agent|assistant|team)s?", @"help\s?desk",
            @"conversational", @"virtual assistants?", @"faqs?", @"atenci[oó]n al cliente", @"kundenservice", @"kundensupport", @"service client", @"servicio al cliente"),
        .. Phrase(UseCase.ChatbotConversational, 1, @"assistant", @"\bchat\b", @"answer (?:customer )?questions"),
        .. Phrase(UseCase.CodeCompletion, 5, @"code[\s-]completions?", @"auto[\s-]?complet(?:e|ion|ions)", @"inline (?:code )?suggestions?", @"tab[\s-]completions?"),
        .. Phrase(UseCase.CodeCompletion, 3, @"\bides?\b", @"as (?:they|you|developers) type", @"(?:fast|quick|instant) completions?"),
        .. Phrase(UseCase.CodeCompletion, 2, @"\bcompletions?\b", @"copilot"),
        .. Phrase(UseCase.CodeGenerationDetailed, 4, @"code[\s-]generation", @"generat\w* (?:code|functions|classes|modules|programs|scripts)",
            @"writes? (?:complete |full |whole )?(?:functions|classes|code|modules|programs)", @"(?:coding|code|programming) (?:assistant|copilot|helper)",
            @"implement(?:ing|s)? (?:new )?features"),
        .. Phrase(UseCase.CodeGenerationDetailed, 3, @"entire modules?", @"docstrings?", @"bug[\s-]?fix(?:es|ing)?", @"refactor\w*", @"code reviews?", @"unit tests?"),
        .. Phrase(UseCase.CodeGenerationDetailed, 1, @"\bcode\b", @"\bcoding\b", @"developers?", @"\bdevs?\b", @"engineers?", @"programmers?"),
        .. Phrase(UseCase.Translation, 5, @"translat\w*", @"übersetz\w*", @"traduc\w*", @"multi[\s-]?language", @"locali[sz]\w*"),
        .. Phrase(UseCase.Translation, 3, @"between (?:english|spanish|french|german|chinese|japanese|portuguese|italian|languages)", @"multi[\s-]?lingual"),
        .. Phrase(UseCase.ContentGeneration, 5, @"content (?:generation|creation|writing|creators?)", @"copy[\s-]?writ\w*", @"ad copy", @"creative writing", @"generate content"),
        .. Phrase(UseCase.ContentGeneration, 3, @"marketing", @"social media posts?", @"product descriptions?", @"(?:content )?writers?", @"newsletters?"),
        .. Phrase(UseCase.ContentGeneration, 2, @"blog posts?", @"\bcontent\b"),
        .. Phrase(UseCase.SummarizationShort, 3, @"summar(?:y|ies|i[sz]\w*)", @"\btl;?dr\b", @"resum\w*", @"zusammenfass\w*"),
        .. Phrase(UseCase.SummarizationShort, 3, @"under a page", @"bullet points?", @"short (?:document|article|text)s?", @"brief (?:article|document|text)s?"),
        .. Phrase(UseCase.SummarizationShort, 2, @"news", @"articles?", @"short", @"brief", @"concise", @"e-?mails?"),
        .. Phrase(UseCase.LongDocumentSummarization, 3, @"summar(?:y|ies|i[sz]\w*)", @"condens\w*", @"resum\w*", @"zusammenfass\w*"),
        .. Phrase(UseCase.LongDocumentSummarization, 3, @"long(?:er)? documents?", @"lengthy", @"very long", @"executive summar(?:y|ies)", @"\d{2,}\+? pages", @"books?",
            @"(?:over|more than|above) 10,?000 tokens", @"long[\s-]document"),
        .. Phrase(UseCase.LongDocumentSummarization, 2, @"white\s?papers?", @"research papers?", @"reports?", @"comprehensive"),
        .. Phrase(UseCase.DocumentAnalysisRag, 6, @"\brag\b", @"retrieval[\s-]augmented"),
        .. Phrase(UseCase.DocumentAnalysisRag, 4, @"retrieval", @"document q\s?&\s?a", @"\bq\s?&\s?a\b", @"document qa", @"question[\s-]answering", @"knowledge[\s-]?base",
            @"document analysis", @"enterprise search", @"internal (?:docs|documents|wiki)", @"(?:our|the|company) (?:docs|documentation|wiki)"),
        .. Phrase(UseCase.DocumentAnalysisRag, 1, @"documents?", @"search"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 4, @"\blegal\b", @"attorneys?", @"lawyers?", @"law firms?", @"paralegals?", @"case law", @"research (?:and|&) legal",
            @"legal research", @"research analysis", @"abogad\w*", @"anw[aä]lt\w*", @"avocats?", @"jur[ií]dic\w*", @"juridique"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 3, @"contracts?", @"regulatory", @"regulations?", @"compliance", @"precedents?", @"litigation", @"due diligence",
            @"scientific (?:literature|research)"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 2, @"patents?", @"filings?", @"analy[sz]e"),
    ];

    /// <summary>Scores every use case; negated phrases subtract.</summary>
    public static Dictionary<UseCase, double> Score(string text)
    {
        var scores = UseCase.WellKnown.ToDictionary(u => u, _ => 0.0);
        var negations = Negation.Scopes(text);
        foreach (var useCase in UseCase.WellKnown)
        {
            foreach (Match m in Regex.Matches(text, $@"\b{Regex.Escape(useCase.Value)}\b", RegexOptions.IgnoreCase))
            {
                scores[useCase] += Negation.IsNegated(negations, m.Index) ? -10 : 10;
            }
        }

        foreach (var (useCase, pattern, weight) in Phrases)
        {
            foreach (Match m in pattern.Matches(text))
            {
                scores[useCase] += Negation.IsNegated(negations, m.Index) ? -weight : weight;
            }
        }

        // Code completion and code generation share words; completion words must not also lift generation.
        return scores;
    }

    private static IEnumerable<(UseCase, Regex, double)> Phrase(UseCase useCase, double weight, params string[] patterns)
        => patterns.Select(p => (useCase, new Regex(p.StartsWith(@"\b", StringComparison.Ordinal) ? p : $@"(?<![\w-]){p}(?![\w])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), weight));
}
