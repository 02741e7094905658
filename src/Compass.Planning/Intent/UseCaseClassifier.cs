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

    private static readonly (UseCase UseCase, PhrasePattern Pattern, double Weight)[] Phrases =
    [
        .. Phrase(UseCase.ChatbotConversational, 3, @"chat\s?bots?", @"customer[\s-](?:service|support|care)", @"support (?:bot|agent|assistant|team)s?", @"help\s?desk",
            @"conversational", @"virtual assistants?", @"faqs?", @"atenci[oó]n al cliente", @"kundenservice", @"kundensupport", @"service client", @"servicio al cliente"),
        .. Phrase(UseCase.ChatbotConversational, 1, @"assistant", @"\bchat\b", @"answer (?:customer )?questions"),
        .. Phrase(UseCase.CodeCompletion, 5, @"code[\s-]completions?", @"auto[\s-]?complet(?:e|ion|ions)", @"inline (?:code )?suggestions?", @"tab[\s-]completions?",
            @"autocomplet\w*", @"cursor(?:'s)? tab", @"code suggestions?"),
        .. Phrase(UseCase.CodeCompletion, 3, @"\bides?\b", @"as (?:they|you|developers) type", @"(?:fast|quick|instant) completions?"),
        .. Phrase(UseCase.CodeCompletion, 2, @"\bcompletions?\b", @"copilot"),
        .. Phrase(UseCase.CodeGenerationDetailed, 4, @"code[\s-]generation", @"generat\w* (?:code|functions|classes|modules|programs|scripts)",
            @"writes? (?:complete |full |whole )?(?:functions|classes|code|modules|programs)", @"(?:coding|code|programming) (?:assistant|copilot|helper)",
            @"implement(?:ing|s)? (?:new )?features", @"code[\s-]?gen\b", @"generat\w* (?:[\w-]+ ){0,2}(?:code|scripts?|implementations?|quer(?:y|ies)|sql)",
            @"writes? (?:the |a )?(?:complete |full |whole |entire )?(?:implementations?|scripts?|quer(?:y|ies)|sql)", @"text[\s-]to[\s-]sql",
            @"scaffold\w*", @"boilerplate", @"c[oó]digo", @"codice", @"quellcode"),
        .. Phrase(UseCase.CodeGenerationDetailed, 3, @"entire modules?", @"docstrings?", @"bug[\s-]?fix(?:es|ing)?", @"refactor\w*", @"code reviews?", @"unit tests?"),
        .. Phrase(UseCase.CodeGenerationDetailed, 1, @"\bcode\b", @"\bcoding\b", @"developers?", @"\bdevs?\b", @"engineers?", @"programmers?"),
        .. Phrase(UseCase.Translation, 5, @"translat\w*", @"übersetz\w*", @"traduc\w*", @"multi[\s-]?language", @"locali[sz]\w*",
            @"transaltion\w*", @"translaton\w*", @"tranlat\w*", @"traslat\w*", @"tradu[zç]\w*", @"tradurre", @"अनुवाद"),
        .. Phrase(UseCase.Translation, 3, @"between (?:english|spanish|french|german|chinese|japanese|portuguese|italian|languages)", @"multi[\s-]?lingual"),
        .. Phrase(UseCase.ContentGeneration, 5, @"content (?:generation|creation|writing|creators?)", @"copy[\s-]?writ\w*", @"ad copy", @"creative writing", @"generate content"),
        .. Phrase(UseCase.ContentGeneration, 4, @"drafts? (?:[\w-]+ ){0,3}(?:e-?mails?|posts?|copy|letters?|messages?)", @"(?:sales|outbound|marketing) e-?mails?",
            @"publicity", @"advertis\w*", @"publicidad\w*", @"publicit\w*", @"job (?:postings?|ads|descriptions?)", @"writing assistant", @"\bseo\b",
            @"(?:landing[\s-]page|web|website|marketing) copy", @"write (?:original )?(?:[\w-]+ ){0,2}copy", @"contnet", @"conte[uú]do", @"contenido", @"contenuti", @"inhalte"),
        .. Phrase(UseCase.ContentGeneration, 3, @"\bads?\b", @"notification (?:text|copy)", @"blurbs?", @"captions?", @"slogans?", @"taglines?", @"headlines?"),
        .. Phrase(UseCase.ContentGeneration, 3, @"marketing", @"social media posts?", @"product descriptions?", @"(?:content )?writers?", @"newsletters?"),
        .. Phrase(UseCase.ContentGeneration, 2, @"blog posts?", @"\bcontent\b"),
        .. Phrase(UseCase.SummarizationShort, 3, @"summar(?:y|ies|i[sz]\w*)", @"\btl;?dr\b", @"resum\w*", @"zusammenfass\w*"),
        .. Phrase(UseCase.SummarizationShort, 3, @"recaps?", @"sumari[sz]\w*", @"summarise\w*", @"(?:a )?few (?:lines|sentences|bullets)", @"(?:one|two|three|1|2|3)(?:\s*[-–]\s*(?:2|3|4))?[\s-](?:lines?|sentences?|bullets?)"),
        .. Phrase(UseCase.SummarizationShort, 3, @"under a page", @"bullet points?", @"short (?:document|article|text)s?", @"brief (?:article|document|text)s?"),
        .. Phrase(UseCase.SummarizationShort, 2, @"news", @"articles?", @"short", @"brief", @"concise", @"e-?mails?"),
        .. Phrase(UseCase.LongDocumentSummarization, 3, @"summar(?:y|ies|i[sz]\w*)", @"condens\w*", @"resum\w*", @"zusammenfass\w*"),
        .. Phrase(UseCase.LongDocumentSummarization, 3, @"long(?:er)? documents?", @"lengthy", @"very long", @"executive summar(?:y|ies)", @"\d{2,}\+?[\s-]pages?", @"books?",
            @"(?:over|more than|above) 10,?000 tokens", @"long[\s-]document"),
        .. Phrase(UseCase.LongDocumentSummarization, 2, @"white\s?papers?", @"research papers?", @"comprehensive"),
        .. Phrase(UseCase.LongDocumentSummarization, 3, @"sumari[sz]\w*", @"summarise\w*",
            @"long(?:er)?[\s-](?:[\w-]+\s){0,2}?(?:documents?|reports?|papers?|files?|contracts?|transcripts?|specs?|specifications?|texts?|articles?|novels?|books?|theses|thesis|filings?|records?|minutes)",
            @"largos?", @"largas?", @"lunghi", @"lunghe", @"langen?", @"longues?", @"लंबे", @"novels?", @"one[\s-]page (?:briefs?|summar\w*)", @"chapter[\s-]by[\s-]chapter",
            @"(?:hundreds|dozens) of pages", @"\d+\s*[-–]\s*\d{2,} pages", @"सारांश"),
        .. Phrase(UseCase.DocumentAnalysisRag, 8, @"\brag\b", @"retrieval[\s-]augmented"),
        .. Phrase(UseCase.DocumentAnalysisRag, 4, @"retrieval", @"document q\s?&\s?a", @"\bq\s?&\s?a\b", @"document qa", @"question[\s-]answering", @"knowledge[\s-]?base",
            @"document analysis", @"enterprise search", @"internal (?:docs|documents|wiki)", @"(?:our|the|company) (?:docs|documentation|wiki)",
            @"chat with (?:your |our |the )?(?:pdfs?|docs?|documents?|files?)", @"knowle?dge[\s-]?bases?", @"\bkb\b", @"ask[\s-]the[\s-]docs", @"docs? ?q\s?&?\s?a\b",
            @"questions? (?:[\w-]+ ){0,4}?(?:on|about|over|from|in|of) (?:our |the |their )?(?:[\w-]+ ){0,2}?(?:documents?|docs|documentation|manuals?|policies|policy|wiki|articles|confluence|sharepoint|handbooks?|pdfs?)",
            @"answers? (?:pulled|drawn|grounded|sourced|taken) from", @"citations?", @"questions?[\s-]r[ée]ponses", @"over (?:our )?(?:jira|github issues|confluence|sharepoint|notion)"),
        .. Phrase(UseCase.DocumentAnalysisRag, 3, @"look(?:s|ing)? up", @"find (?:the )?(?:clauses|answers|information|passages)", @"perguntas", @"preguntas", @"fragen", @"domande",
            @"documenta(?:tion|ção|ción)", @"dokumentation", @"dokumente\w*", @"documentos"),
        .. Phrase(UseCase.DocumentAnalysisRag, 1, @"documents?", @"search"),
        // What people describe instead of naming the task: the editor and the keystroke for completion, the artefacts a
        // generator writes, the languages text is put into, the texts content writers need, the lengths summaries start
        // from, the sources answers come from, and the reasoning analysis asks for, in several languages.
        .. Phrase(UseCase.CodeCompletion, 5, @"finish(?:es|ing)?[\s-]the[\s-]line", @"as the cursor moves", @"while (?:they(?:'re| are)|you(?:'re| are)|we(?:'re| are)|developers are) typing",
            @"when (?:they|you|developers) are typing", @"while (?:writing|typing)", @"(?:grey|gray|ghost) text", @"keystrokes?", @"tab[\s-]complete", @"autocompel\w*",
            @"code[\s-]aanvulling", @"\w*vervollständigung", @"completamento del codice", @"autocompletado", @"autocompletar", @"typing ke saath"),
        .. Phrase(UseCase.CodeCompletion, 3, @"vs\s?code", @"jetbrains", @"intellij", @"neovim", @"in (?:the|their|our) editor", @"editor"),
        .. Phrase(UseCase.CodeGenerationDetailed, 4, @"writes? (?:for us )?(?:[\w-]+ ){0,3}?(?:functions?|classes|modules?|endpoints?|packages?|test suites?|unit[\s-]tests?|scripts?|features?|patch(?:es)?|helm charts?)",
            @"(?:turns?|converts?) (?:a |the |each )?(?:spec|specification|ticket|description|notebook) into", @"(?:service|project|code) skeletons?", @"port (?:a |our |the )?(?:[\w-]+ )?codebase",
            @"cobol", @"terraform modules?", @"helm charts?", @"infrastructure[\s-]as[\s-]code", @"test suites?", @"api endpoints?", @"python package", @"migration scripts?",
            @"functies en klassen", @"komplette module", @"module samt", @"function aur", @"tests likh\w*", @"code[\s-]writing", @"writes? code", @"stack traces?",
            @"(?:full|complete|whole|entire) (?:fix|functions?|classes|modules?|features?|endpoints?)", @"funciones completas", @"funções completas"),
        .. Phrase(UseCase.Translation, 5, @"(?:turned|translated?|rendered|render|put|converted?) (?:[\w'-]+ ){0,7}?into (?:english|french|german|spanish|italian|polish|dutch|portuguese|japanese|chinese|korean|arabic|hindi|tamil|the customer's language|their (?:own )?language)",
            @"in (?:english|german|french|spanish|italian|polish|dutch|portuguese|arabic|hindi|tamil|korean|japanese|chinese)(?:,| and| or) (?:english|german|french|spanish|italian|polish|dutch|portuguese|arabic|hindi|tamil|korean|japanese|chinese)",
            @"hon'?yaku", @"vertal\w*", @"in \d+\+? languages", @"(?:from|between) (?:english|french|german|spanish|italian|dutch|portuguese|arabic|japanese|korean|chinese|hindi) (?:to|into|and) (?:english|french|german|spanish|italian|dutch|portuguese|arabic|japanese|korean|chinese|hindi)"),
        .. Phrase(UseCase.ContentGeneration, 4, @"listing descriptions?", @"(?:item|product|property|vacancy|job|catalogue|catalog) (?:descriptions?|texts?|listings?)", @"flavou?r text",
            @"descripciones de producto", @"redes sociales", @"vacancy texts?", @"markett?ing e-?mails?", @"subject lines?", @"stor(?:y|ies) generator", @"press[\s-]releases?",
            @"articles? from (?:a few )?bullet points", @"writes? (?:fresh |new |original )?(?:\d+[\s-]word )?articles?", @"quiz questions?", @"lesson plans?", @"reading passages?",
            @"texts? (?:of|for) (?:the )?products?", @"writing the texts", @"sakusei", @"koukoku", @"burogu", @"linkedin posts?", @"social posts?",
            @"gen?e?rate (?:[\w-]+ ){0,3}?(?:e-?mails?|texts?|descriptions?|posts?|copy|articles?|stories|slogans?)", @"polished (?:[\w-]+ )?(?:description|text|copy)", @"campaign copy"),
        .. Phrase(UseCase.SummarizationShort, 3, @"samenvatting\w*", @"riassunt\w*", @"r[ée]sum[eé]\w*", @"summ?ry", @"sumar(?:y|ies)", @"gist", @"en quelques lignes", @"in (?:a )?few lines",
            @"auto[\s-]summar\w*", @"brev[ei]", @"korte?", @"\d[\s-]line (?:ka )?summary", @"summary chahiye"),
        .. Phrase(UseCase.LongDocumentSummarization, 4, @"\d{2,}\+?\s*(?:pages?|seiten|pagine|p[aá]ginas|pgs|sidor|stron|sider|sivua)", @"(?:several|many) hundred pages", @"whole[\s-]book", @"board packs?",
            @"executive (?:synthesis|summar(?:y|ies))", @"synth[eè]se ex[ée]cutive", @"riassunti esecutivi", @"resumen ejecutivo", @"lange[rn]?", @"(?:300|400|500)[\s-]page"),
        .. Phrase(UseCase.DocumentAnalysisRag, 4, @"answers? (?:[\w-]+ ){0,4}?(?:from|over|based on|grounded in|out of) (?:our |the |their )?(?:[\w-]+ ){0,3}?(?:manuals?|protocols?|policies|procedures|wiki|docs|documentation|pdfs|archives?|knowledge|articles?|help[\s-]?cent(?:er|re)|confluence|gdrive|drive|sharepoint|formular(?:y|ies))",
            @"ask (?:about|questions about|things about) (?:our |the )?(?:[\w-]+ ){0,2}?(?:manuals?|policies|policy documents|procedures|docs|documentation)", @"s[ea]rch\s?\+\s?answers?",
            @"intranet search", @"ask[\s-]the[\s-]manual", @"docs? assistant", @"help[\s-]cent(?:er|re) articles?", @"links? to the right", @"with (?:the )?(?:contract )?references",
            @"cl[aá]usula citada", @"quote the relevant", @"lookups?", @"find things like", @"which (?:[\w-]+ ){0,3}(?:contracts?|leases?|agreements?) (?:have|expire|contain)",
            @"frage[\s-]antwort\w*", @"question[\s-]answer\w*", @"shitsumon ni kotaeru", @"manyuaru", @"policy documents?", @"preguntar sobre", @"(?:questions?|ask|asking) about (?:machine )?error codes?",
            @"from our (?:internal )?procedures", @"maintenance manuals?", @"confluenc\w*", @"gdrive", @"google drive", @"sharepoint", @"engineering wiki"),
        .. Phrase(UseCase.DocumentAnalysisRag, 3, @"manuals?", @"wiki", @"procedures"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 6, @"(?:in[\s-]depth|deep|profound|thorough|detailed) (?:legal )?(?:analys[ie]s|review)", @"analy[sz]e in profundity", @"analisi approfondita", @"analyse approfondie",
            @"an[aá]lise aprofundada", @"an[aá]lisis (?:en )?profundidad", @"diepgaande (?:juridische )?analyse", @"shinsou bunseki", @"argu\w* (?:an |the )?(?:interpretation|opinion|case|which|conclusion)",
            @"argued (?:opinion|notes?|conclusions?)", @"notes? argument[ée]es", @"reasoned conclusions?", @"weigh(?:s|ing)? the evidence", @"analysis memos?", @"due[\s-]dil+igence",
            @"deal[\s-]breakers?", @"detailed reasonn?ing", @"strongest arguments", @"hanrei", @"houritsu ikensho", @"court (?:decisions?|rulings?)", @"sentenze", @"proposed legislation",
            @"primary sources", @"data room", @"deep analysis"),
        // Second round, from a fresh development set: artefacts and verbs of code generation, more languages and channels.
        .. Phrase(UseCase.CodeCompletion, 5, @"kod tamamlama", @"kodkomplettering", @"completamento automatico", @"autocmplete", @"autocompl\w*", @"tab[\s-]compleet",
            @"(?:next|rest of the) (?:few )?lines?", @"(?:suggest\w*|propos\w*) (?:[\w-]+ ){0,4}?while (?:they|we|you) (?:type|write)", @"inline completions?", @"visual studio",
            @"jupyter", @"neovim", @"\bide:n\b"),
        .. Phrase(UseCase.CodeGenerationDetailed, 4, @"(?:writ\w*|generat\w*|produc\w*|build\w*|creat\w*) (?:[\w'-]+ ){0,4}?(?:complete|complte|full|whole|entire|runnable|working) [\w-]+",
            @"(?:playbooks?|operators|react componets|react components?|notebooks?|driver modules?|drivers?|web forms|dbt models|integration adapters|adapters|microservices|backend services|terraform stacks|test harness(?:es)?|gameplay scripts?|api[\s-]clients)",
            @"whole[\s-]feature", @"(?:design doc|jira (?:epics?|tickets?)|figma|spec(?:ification)?s?) (?:[\w-]+ ){0,4}?(?:into|from|and get back)", @"get back a (?:pr|pull request)",
            @"całe klasy", @"pisze (?:całe )?klas\w*", @"kurasu", @"seisei", @"genereert", @"whole apps?"),
        .. Phrase(UseCase.Translation, 5, @"auto[\s-]translat\w*", @"translte\w*", @"(?:need|want|get) (?:it|them) in (?:english|french|german|spanish|italian|dutch|portuguese|japanese)",
            @"(?:in|into) (?:\d+ )?(?:eu )?(?:languages|langs)", @"(?:english|hindi|french|german|spanish) se (?:\w+)", @"(?:hindi|tamil|telugu|marathi|bengali|arabic|ukrainian|chinese|romanian|turkish|polish|vietnamese|somali|russian|greek|swedish) (?:and|or|,) (?:hindi|tamil|telugu|marathi|bengali|arabic|ukrainian|chinese|romanian|turkish|polish|vietnamese|somali|russian|greek|swedish|english)",
            @"(?:arrive|appear|show up|go out) in (?:\w+)(?:,| or| and) (?:\w+)", @"versions of (?:our|the)"),
        .. Phrase(UseCase.ContentGeneration, 4, @"(?:writ\w*|draft\w*|generat\w*|creat\w*|produc\w*) (?:[\w'-]+ ){0,5}?(?:letters?|speeches|statements|scripts for|guiones|articles?|texts|posts|copy|descriptions|descrizioni|newsletters?|captions?|reports for)",
            @"produkttexte", @"social[\s-]media[\s-]beiträge", @"guiones", @"descrizioni", @"fundraising letters?", @"press statements?", @"speeches", @"match reports?", @"outreach e-?mails?",
            @"markt?ing copy", @"thought[\s-]leadership", @"long[\s-]form", @"weather texts?", @"traffic news", @"posts for social", @"seo meta descriptions?", @"itinerary descriptions?"),
        .. Phrase(UseCase.SummarizationShort, 3, @"summries", @"sumaries", @"summeries", @"podsumowa\w*", @"özet\w*", @"sammanfatt\w*", @"résumés courts", @"three-line recap", @"recap", @"gist"),
        .. Phrase(UseCase.LongDocumentSummarization, 4, @"\d{2,}\s?pgs?", @"\d{3,}[\s-]page", @"(?:run|runs) to \d+", @"chronological summary", @"synopsis"),
        .. Phrase(UseCase.DocumentAnalysisRag, 4, @"answers? (?:straight |directly )?from", @"answers? with (?:the )?(?:exact )?sources?", @"source references", @"with a link to", @"cites? the (?:document|source)",
            @"quote[sd]? the (?:clause|section|passage)", @"(?:ask|asking) (?:\w+ )?questions? (?:against|across|over|on)", @"query (?:the|our) [\w ]{0,30}(?:code|procedures|rules|manuals?|documents?)",
            @"answered from", @"answering from", @"\bindex(?:es|ing)?\b", @"sops", @"runbooks?", @"guidelines", @"intranet", @"label documents", @"policy wording", @"handbook",
            @"(?:ask|asks) (?:about|questions about) (?:[\w-]+ ){0,3}?(?:rules|guides?|labels?|guidelines|routines|files)", @"ask it questions", @"dúvidas", @"responde (?:dúvidas|preguntas|perguntas)"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 6, @"argue (?:whether|pros|against|for|the|which)", @"with the reasoning", @"reasoning spelled out", @"assessed against (?:the )?(?:relevant )?(?:legislation|law|regulations?)",
            @"reasoned (?:write[\s-]?ups?|memos?|strategy memos?)", @"djupgående", @"juridisk analys", @"motiverade slutsatser", @"analisys", @"indepth", @"in[\s-]depth", @"an[aá]lisis jur[ií]dico",
            @"red flags", @"strategy memos?", @"find the weak points", @"onderbouwde conclusies", @"diepgaande analyse", @"pareceres?"),
        // Third round (development-4).
        .. Phrase(UseCase.CodeCompletion, 5, @"podpowiedzi kodu", @"suggestions of code", @"inline sug+estions?", @"copilot[\s-]style suggestions?", @"eclipse", @"kod önerileri",
            @"sugest(?:ões|ão|oes|iones|ión) de c[oó]digo", @"enquanto (?:se )?(?:escreve|digita)", @"mientras (?:se )?escribe"),
        .. Phrase(UseCase.CodeGenerationDetailed, 4, @"rewrite (?:our )?[\w .]{0,30}?(?:apps?|code|services|modules?)", @"generated services?", @"generate modern", @"genrat\w* (?:[\w-]+ ){0,3}?(?:entire|complete|full|whole)",
            @"whole [\w-]+ pages from", @"(?:full|complete|whole|entire) (?:[\w-]+ ){0,2}code\b", @"fixes as code", @"full sql", @"hela moduler", @"classes completas", @"\bgere\b", @"code gen\b", @"sdk"),
        .. Phrase(UseCase.Translation, 5, @"transalt\w*", @"translatoin\w*", @"mistranslat\w*", @"dich tu dong", @"\bdich\b", @"vertaal\w*", @"vertaling\w*", @"terjemah\w*", @"çevir\w*", @"tłumacz\w*", @"översätt\w*"),
        .. Phrase(UseCase.ContentGeneration, 4, @"deskripsi produk", @"speaker bios", @"session abstracts", @"\bbios\b", @"copy tool", @"brainstorm\w*", @"gerar textos", @"textos para", @"headlines?", @"bedtime stories", @"promo generator"),
        .. Phrase(UseCase.ContentGeneration, 2, @"[\p{L}-]+ descriptions"),
        .. Phrase(UseCase.SummarizationShort, 3, @"into a single line", @"single[\s-]line", @"one[\s-]line summary", @"\d+ bullets", @"ringkasan", @"key points", @"roughly what each", @"one page of minutes"),
        .. Phrase(UseCase.LongDocumentSummarization, 4, @"yüzlerce sayfa\w*", @"honderden pagina's", @"hundreds of pages", @"hearing bundles"),
        .. Phrase(UseCase.DocumentAnalysisRag, 4, @"search[\s-]and[\s-]answer", @"pytań i odpowiedzi", @"interrogate", @"(?:link|reference|source) of (?:the )?document", @"just find it", @"policy[\s-]answers?",
            @"cite the exact", @"kikeru", @"rulebook", @"(?:the )?answers must contain the reference", @"tender documents", @"change notices", @"answers? from our"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 6, @"argued (?:memos?|reviews?|analysis|opinions?)", @"reasoned (?:analysis|reviews?|opinions?)", @"weigh (?:the )?[\w-]+ argu\w*", @"phan tich chuyen sau",
            @"opinions with reasoning", @"analizar en profundidad", @"dictámenes razonados", @"freedom[\s-]to[\s-]operate", @"conclusions argumented", @"case analysis"),
        // Who the users are (lawyers, legal teams, contracts) is a domain, not a task: those words weigh less than what is
        // asked of the model (research, analysis, reasoning), so "RAG over contracts for lawyers" stays document Q&A.
        .. Phrase(UseCase.ResearchLegalAnalysis, 2, @"\blegal\b", @"attorneys?", @"lawyers?", @"law firms?", @"paralegals?", @"abogad\w*", @"anw[aä]lt\w*", @"avocats?",
            @"jur[ií]dic\w*", @"juridique", @"contracts?"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 6, @"case law", @"research (?:and|&) legal", @"legal research", @"research analysis", @"deep research", @"literature (?:review|analysis)",
            @"policy research", @"legal (?:\w+ )?(?:reasoning|analysis|strategy)", @"litigation strateg\w*", @"jurisprud\w*",
            @"(?:an[aá]lis[ie]s?|analyse|pesquisa|recherche|investigaci[oó]n|ricerca)\s+(?:\w+\s+)?(?:jur[ií]dic\w*|juridique|giuridic\w*|legal)"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 3, @"research assistant", @"regulatory", @"regulations?", @"compliance", @"precedents?", @"litigation", @"due diligence",
            @"scientific (?:literature|research)"),
        .. Phrase(UseCase.ResearchLegalAnalysis, 2, @"patents?", @"filings?", @"analy[sz]e"),
    ];

    // Chinese, Japanese, Korean and Arabic names of each task. These scripts have no spaces between words (or attach
    // particles to them), so they are matched anywhere, without the word boundaries the phrases above need.
    private static readonly (UseCase UseCase, Regex Pattern, double Weight)[] UnspacedPhrases =
    [
        .. Unspaced(UseCase.Translation, 5, "翻译|翻訳|訳して|語に訳|번역|ترجمة|ترجم"),
        .. Unspaced(UseCase.CodeCompletion, 5, "代码补全|代碼補全|コード補完|補完|自动补全|자동완성|코드 완성|코드 자동"),
        .. Unspaced(UseCase.CodeGenerationDetailed, 4, "代码生成|生成.{0,12}代码|编写.{0,8}代码|コード生成|コードを生成|코드 생성|코드를 생성|모듈.{0,12}생성|توليد الكود|كتابة الكود"),
        .. Unspaced(UseCase.ContentGeneration, 4, "文案|生成.{0,8}(?:标题|描述|文章|帖子)|广告语|キャッチコピー|広告文|記事を(?:書|作)|캡션|문구|광고 문구|منشورات|إعلانات|محتوى تسويقي"),
        .. Unspaced(UseCase.SummarizationShort, 3, "摘要|总结|概要|要約|まとめ|요약|ملخص|تلخيص"),
        .. Unspaced(UseCase.LongDocumentSummarization, 3, "摘要|要約|요약|ملخص"),
        .. Unspaced(UseCase.LongDocumentSummarization, 4, "上百页|数百页|几百页|数百ページ|百ページ|수백 페이지|수백페이지|مئات الصفحات"),
        .. Unspaced(UseCase.SummarizationShort, 2, "[一二三两两三]句话|[0-9一二三]行|두세 줄|한두 줄|세 줄"),
        .. Unspaced(UseCase.DocumentAnalysisRag, 4, "问答|問答|注明出处|出处|基于.{0,12}(?:文件|文档|资料)|根据.{0,12}(?:文件|文档|手册)|質問すると|質問に答え|該当箇所|マニュアル|規程|질문에 답|출처|문서를 기반|기반으로 질문|الأسئلة من الوثائق|من المستندات|ذكر رقم المادة|مع ذكر المصدر"),
        .. Unspaced(UseCase.ResearchLegalAnalysis, 6, "深入分析|法律意见|判例|论证|鑑定意見|法的分析|深く分析|比較分析|법률 의견|판례|깊이 있게 분석|검토 의견|تحليل قانوني|تحليل معمق"),
        .. Unspaced(UseCase.ChatbotConversational, 3, "聊天助手|聊天机器人|客服|チャットボット|チャットで|챗봇|상담 챗봇|مساعد دردشة|روبوت محادثة"),
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
            if (!pattern.MayMatch(text))
            {
                continue;
            }

            foreach (Match m in pattern.Regex.Matches(text))
            {
                scores[useCase] += Negation.IsNegated(negations, m.Index) ? -weight : weight;
            }
        }

        foreach (var (useCase, pattern, weight) in UnspacedPhrases)
        {
            scores[useCase] += weight * pattern.Count(text);
        }

        return scores;
    }

    private static IEnumerable<(UseCase, Regex, double)> Unspaced(UseCase useCase, double weight, string pattern)
        => [(useCase, new Regex(pattern, RegexOptions.CultureInvariant), weight)];

    /// <summary>Every phrase pattern, for tests.</summary>
    internal static IEnumerable<PhrasePattern> PhrasePatterns => Phrases.Select(p => p.Pattern);

    private static IEnumerable<(UseCase, PhrasePattern, double)> Phrase(UseCase useCase, double weight, params string[] patterns)
        => patterns.Select(p => (useCase, new PhrasePattern(p.StartsWith(@"\b", StringComparison.Ordinal) ? p : $@"(?<![\w-]){p}(?![\w])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), weight));
}
