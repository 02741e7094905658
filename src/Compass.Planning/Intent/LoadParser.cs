using System.Globalization;
using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>A user count found in text, and how it was read.</summary>
/// <param name="Count">The number of users.</param>
/// <param name="Concurrent">Whether the users were said to be concurrent.</param>
/// <param name="Note">An assumption to tell the user about, if any.</param>
internal sealed record UserMention(int Count, bool Concurrent, string? Note);

/// <summary>
/// Reads the load from text: user counts ("5,000 users", "5k employees", "a team of 50", "two thousand staff",
/// "thousands of users") and request rates ("20 requests per second", "600 req/min", "1M requests a day"). Only a
/// number tied to a people noun counts as users, so tokens, pages, milliseconds, GPUs and model sizes never do.
/// </summary>
internal static partial class LoadParser
{
    /// <summary>The most users a description may give (the same bound as the planning requests' user count).</summary>
    public const int MaxUsers = 100_000_000;

    private const string People =
        @"users?|developers?|devs?|librarians?|cataloguers?|catalogers?|handlers?|artisans?|curators?|peoples|kunder|personer|handläggare|analityk\w*|abos|abonnent(?:en|innen)?|orang|engineers?|employees?|staff(?:ers)?|agents?|analysts?|attorneys?|lawyers?|researchers?|scientists?|writers?|people|persons?|customers?|clients?|seats?|members?|students?|teachers?|doctors?|clinicians?|nurses?|reps?|representatives?|operators?|editors?|translators?|marketers?|coders?|programmers?|associates?|workers?|consultants?|accountants?|paralegals?|subscribers?|visitors?|shoppers?|patients?|teammates?|colleagues?|individuals?|humans?|usuarios?|benutzer(?:innen)?|nutzer(?:innen)?|mitarbeiter(?:innen)?|utilisateurs?|employ[ée]s?|empleados?|clientes?|kunden|abogad[oa]s?|avocat(?:e|s|es)?|(?:rechts)?anw[aä]lt(?:e|innen)?|entwickler(?:innen)?|d[ée]veloppeurs?|desarrolladores?|ppl|folks|mau|dau|wau|sviluppatori|desenvolvedores|funcion[aá]rios|usu[aá]rios|utenti|dipendenti|clienti|colaboradores|trabajadores|technicians?|auditors?|brokers?|traders?|reviewers?|managers?|officers?|partners?|solicitors?|juristes?|advogad[oa]s|sellers?|merchants?|merchandisers?|recruiters?|readers?|sres?|salespeople|salesperson|copywriters?|journalists?|physicians?|supervisors?|collaborators?|historians?|directors?|pms|counsel|professors?|investigators?|advertisers?|specialists?|planners?|designers?|architects?|dispatchers?|drivers?|inspectors?|adjusters?|underwriters?|bankers?|advis[eo]rs?|tellers?|cashiers?|clerks?|caseworkers?|therapists?|pharmacists?|dentists?|surgeons?|radiologists?|residents?|interns?|lecturers?|tutors?|staffers|contractors?|freelancers?|creators?|gamers?|players?|listeners?|viewers?|citizens?|passengers?|guests?|travell?ers?|buyers?|dealers?|franchisees?|homeowners?|farmers?|admins?|administrators?|moderators?|annotators?|linguists?|interpreters?|testers?|kids|children|pupils|learners|jurists?|judges?|partners?|custmers?|costumers?|cusomters?|emplyees?|employes|devlopers?|developpers?|enginers?|studnets?|sachbearbeiter(?:innen)?|ärzte|ärztinnen|lehrer(?:innen)?|schüler(?:innen)?|studenten|studierende|mitglieder|versicherten?|kollegen|médecins|infirmi[eè]res?|enseignants?|élèves|étudiants|salariés|collaborateurs|adh[ée]rents?|abonnés|médicos|enfermeir[oa]s|professores|alun[oa]s|estudantes|profesores|alumnos|estudiantes|socios|afiliados|medici|infermieri|insegnanti|studenti|operatori|analisti|iscritti|abbonati|avvocati|medewerkers|ontwikkelaars|leden|klanten|gebruikers|artsen|docenten|advocaten|advocates?|werknemers|logon|jueces|juízes|giudici|richter|secretaries|archivists?|arbitrators?|economists?|litigators?|creatives|organi[sz]ers?|attendees?|holders|techs|coordinators?|receptionists?|riders?|fans|runners|families|households|referees?|compradores|serwisant\w*|tecnici|mühendis\w*|analisten|beleggingsanalisten|wachleiter|manajer|anggota|penjual|karyawan|pengguna|nhan vien|luat su|nguoi dung|shain|enjinia|kaihatsusha|phd students|pracownik\w*|programist\w*|klient\w*|kullanıcı\w*|geliştirici\w*|çalışan\w*|utvecklare|hyresgäster|jurister|anställda|medarbetare|letrados|personas|personnes|persone|pessoas|motoristas|corretores|tramitadores|functionaries|volunteers?|testers?|participants?|reporters?|quants?|examiners?|attorneys?|mechanics?|adjusters?|policyholders?|beleidsmedewerkers|verpleegkundigen|memebers?|memebrs|agronomists?|conseillers|anwälten|ansatte|medarbejdere|producers?|heads|coaches|puéricultrices|educators?|éducatrices?|mitarbeitenden?|log";

    // "3.000" and "12.000" (dots between thousands, as much of Europe and Latin America writes them) are read as
    // thousands here: a head count has no fractions, so three digits after a dot cannot be decimals.
    private const string Number = @"(?<dotted>\d{1,3}(?:\.\d{3})+)(?![\d.,])|(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>" + Multipliers + @")?(?![\w])|(?<words>" + NumberParser.WordsPattern + ")";

    // Thousand and million in the forms people type: k/M, words, Indian lakh and crore, Hindi hazaar, es/pt "mil", de "Tsd."/"Mio.".
    private const string Multipliers = @"k|m|mm|mn|thousands?|tysięcy|tys\.?|bin|man|ribu|juta|million|billions?|bn|lakhs?|lacs?|crores?|hazaa?r|mil|tsd\.?|tausend|mio\.?|millionen|millones|milh[õo]es|millions|mille|mila";

    [GeneratedRegex(@"(?<![\w.,$])(?:" + Number + @")(?:\s*\+)?\s+(?<adjectives>(?:[a-zà-ÿ&/'-][a-zà-ÿ\d&/'-]*\s+){0,2}?)(?<noun>" + People + @")(?![\w])(?!\s+states\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberThenPeople();

    // "for 2,500 technicians", "para 300 desarrolladores", "für 900 Callcenter-Mitarbeiter": after "for" (or its
    // equivalents) a number and a noun are a head count, unless the noun is a unit of something else (tokens, pages,
    // languages, GPUs, time…), which NotPeople lists.
    [GeneratedRegex(@"(?:\bfor|\bpara|\bfür|\bpour|\bper|\bserving|\bacross|\bour|\bnuestros|\bnuestras|\bnossos|\bnossas|\bunsere[nm]?|\bnos|\bi nostri|\ble nostre)\s+(?:(?:about|around|roughly|approximately|approx\.?|circa|ca\.|~|some|almost|nearly|over|more than|up to|unos|unas|cerca de|environ|etwa|circa|quasi)\s*)?(?:" + Number + @")(?:\s*\+)?\s+(?<adjectives>(?:[\p{L}&/'-]+\s+){0,2}?)(?<noun>[\p{L}][\p{L}'-]{2,})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForNumberNoun();

    // "a 12-person team", "our 2,500-person engineering org", "a 40-strong team".
    [GeneratedRegex(@"(?<![\w.,$])(?:" + Number + @")[\s-](?:person|people|member|strong|seat|user)\b(?!\s+states\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberDashPerson();

    // Hindi: "300 वकीलों के लिए" (for 300 lawyers), the postposition after the noun.
    [GeneratedRegex(@"(?<![\w.,])(?<digits>" + NumberParser.DigitsPattern + @")\s+\p{L}[\p{L}\p{M}]*\s+(?:के|की)\s+लिए")]
    private static partial Regex HindiForPeople();

    [GeneratedRegex(@"^(?:tokens?|words?|pages?|documents?|docs?|files?|requests?|reqs?|queries|calls|prompts?|completions?|conversations?|messages?|languages?|langs?|gpus?|nodes?|servers?|machines?|replicas?|instances?|cards?|ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|quarters?|strings?|articles?|models?|parameters?|params?|context|characters?|chars?|lines?|tickets?|e-?mails?|contracts?|reports?|transcripts?|products?|items?|records?|rows?|steps?|examples?|dollars?|euros?|usd|eur|gbp|rupees?|percent|times|releases?|regions?|countries|locales?|teams?|squads?|companies|customers? companies|tenants?|apps?|sites?|stores?|branches?|offices?|repos?|repositories|services?|projects?|videos?|calls?|minutes|sentences?|paragraphs?|chapters?|books?|policies|manuals?|cases?|claims?|invoices?|orders?|gb|tb|mb|k|b|x|qps|rps|rpm|documentos|páginas|idiomas|sprachen|langues|tokens)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotPeople();

    [GeneratedRegex(@"\b(?:team|group|staff|department|company|organi[sz]ation|org|firm|user base|userbase|audience|workforce) of (?:about |around |roughly |approximately |some |~)?(?:" + Number + @")(?![\w]|\.\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TeamOf();

    // "we're 14", "the clients are 3 millions", "Our developers are 500", "the engineers who'd actually get it are 1,250",
    // "all 20 would use it", "lo useranno in 15".
    [GeneratedRegex(@"(?:\bwe(?:'re| are)|\bthey(?:'re| are)|(?:" + People + @")(?: who'?d? [\w' ]{1,30}?)? (?:are|is)|\ball)\s+(?:about |around |circa |roughly |some |~)?(?:" + Number + @")(?!\s*(?:%|percent|years?|days?|hours?|minutes?|languages?|gpus?|servers?|sites?|teams?|offices?|countries|regions?))(?:\s+(?:would|will|can|could) use|\b)|\b(?:useranno|usarán|usarão|utiliseront|nutzen) in (?:" + Number + @")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TheyAreNumber();

    // "three shifts of 60 people", "two teams of 45 developers", "four crews of 30": the product.
    [GeneratedRegex(@"\b(?<outer>\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen|two dozen)\s+(?:shifts|teams|crews|groups|squads|wards|sites|offices|studios|branches|stores|dealerships|clinics|departments|cohorts)\s+of\s+(?:about |roughly |around |~)?(?<inner>" + NumberParser.DigitsPattern + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitsOfPeople();

    // "About 90 nurses per shift, three shifts", "roughly 35 nurses each" after "two dozen wards": the product.
    [GeneratedRegex(@"(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)?(?:" + People + @")\s+(?:per|each|in each|a|every)\s*(?<unit>shift|team|crew|ward|site|dealership|store|branch|clinic|office)?\b[^.;]{0,20}?(?<outer>\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen|two dozen)\s+(?:shifts|teams|crews|wards|sites|dealerships|stores|branches|clinics|offices)|(?<outer>\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen|two dozen)\s+(?:shifts|teams|crews|wards|sites|dealerships|stores|branches|clinics|offices)\b[^.;]{0,40}?(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)?(?:" + People + @")\s+(?:each|per (?:shift|team|crew|ward|site|dealership|store|branch|clinic|office))|(?<outer>" + NumberParser.DigitsPattern + @")\s+(?:shifts|teams|crews|wards|sites|dealerships|stores|branches|clinics|offices)\b[^.;]{0,80}?(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)?(?:" + People + @")\s+per (?:shift|team|crew|ward|site|dealership|store|branch|clinic|office)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeoplePerUnit();

    // "Nurses (about 1,100) and doctors (about 300)": both groups use it.
    [GeneratedRegex(@"(?:" + People + @")\s*\(\s*(?:about|around|roughly|circa|~|some)?\s*(?<a>" + NumberParser.DigitsPattern + @")\s*\)\s+and\s+(?:[\p{L}-]+\s+)?[\p{L}-]+s\s*\(\s*(?:about|around|roughly|circa|~|some)?\s*(?<b>" + NumberParser.DigitsPattern + @")\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TwoGroups();

    // "Our game programmers — a few hundred across three studios", "Claims handlers, a few hundred of them".
    [GeneratedRegex(@"(?:" + People + @")\s*(?:—|–|-|,|\()\s*(?<vague>a few hundred|several hundred|a few thousand|several thousand|a few dozen|hundreds|thousands)\b(?!\s+of\s+(?:pages?|documents?|words?|files?|records?|lines?|papers?|reports?))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VagueAfterPeople();

    // "2,000 kids at the same time, out of 180k registered": the total, not the concurrent share.
    [GeneratedRegex(@"\bout of (?:our |the |a total of )?(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>k|m|million|thousand)?\s+(?:registered|total|members|users|accounts|subscribers|in total)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutOfTotal();

    // "users: 40 company secretaries", "Members in scope: 48,000", "expected users: around 120,000", "85 of us", "Siamo in 8", "Somos 60".
    [GeneratedRegex(@"\b(?:users|members|people|seats|headcount|audience|employees|staff)(?: in scope)?\s*[:=]\s*(?:about|around|~|roughly|approx\.?)?\s*(?:" + Number + @")|(?<![\w.,])(?:" + Number + @")\s+of us\b|\b(?:siamo(?: in)?|somos|nous sommes|wir sind|we zijn|vi är|jesteśmy|kami)\s+(?:about|around|cerca de|circa|unos|sekitar)?\s*(?:" + Number + @")(?![\w.,]\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelledCount();

    // "40 practices, 3 receptionists at each".
    [GeneratedRegex(@"(?<![\w.,])(?<outer>" + NumberParser.DigitsPattern + @")\s+[\p{L}-]+,?\s+(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)??(?<noun>[\p{L}-]+)\s+(?:at|in|per) each\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeopleAtEach();

    // "About 30% of our 5,000 employees".
    [GeneratedRegex(@"(?<pct>\d{1,2}(?:\.\d+)?)\s?%\s+of\s+(?:our|the|all)?\s*(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>k)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentOf();

    // "about half of our 8,000 staff", "a third of the 900 agents".
    // A count of people, then the share of them who will use it ("2.4 million passengers a year … about 8% of them", "410,000
    // households and realistically one in ten will try it").
    [GeneratedRegex(@"(?<![\w.,])(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>k|thousand|million|m)?\s+(?:[\p{L}-]+\s+){0,2}?(?:" + People + @")\b[^.;]{0,80}?(?:(?<pct>\d{1,2}(?:\.\d+)?)\s?(?:%|percent)\s+of\s+(?:them|those|these)|\bone in (?<in>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+(?:of them\s+)?(?:will|would|might|may|could|to))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareOfThem();

    [GeneratedRegex(@"\b(?<share>half|a third|a quarter|two thirds)\s+of\s+(?:our|the|all)?\s*(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>k)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareOf();

    // "relationship managers (around 650 of them)", "technicians (circa 700)", "Versicherten (rund 80.000)".
    [GeneratedRegex(@"(?<![\w-])(?:" + People + @")\s*\(\s*(?:about|around|roughly|approximately|approx\.?|circa|ca\.?|~|rund|etwa|environ|cerca de|unos|unas|some|almost|nearly)?\s*(?:" + Number + @")(?:\s+of them)?\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeopleThenNumberInParentheses();

    // "700 of them" after people were named ("a Copilot for our developers, 700 of them").
    [GeneratedRegex(@"(?:" + People + @")\b[^.;!?]{0,40}?(?<![\w.,])(?:" + Number + @")\s+of them\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberOfThem();

    // Japanese in romaji: "3000-nin", "yaku 1200-nin", "bengoshi 30-nin".
    [GeneratedRegex(@"(?<![\w.,])(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<man>man)?\s*-?\s*nin\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RomajiPeople();

    // Chinese, Japanese and Korean counters: "约350名", "800 名工程师", "120명", "약 300명", "1.2 万名员工", "3万户", "45만 명",
    // and daily or monthly actives: "日活大约 50 万", "DAU 50万".
    [GeneratedRegex(@"(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>万|萬|만|千|천)?\s*(?:名|人|명|位|户|戶|世帯|家庭)|(?:日活|月活|日活跃用户|月活跃用户|DAU|MAU)\s*(?:大约|大概|约|約|약|about|~)?\s*(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>万|萬|만|千|천|k|m)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CjkPeople();

    // "31 teams, about 18 players in each", "8 Teams à 9 Entwickler", "9 buildings x ~420 beds", "Each of our 14 regional dev
    // hubs has about 20 engineers": groups times the people in each.
    [GeneratedRegex(@"(?<![\w.,])(?<outer>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+){0,2}?[\p{L}-]+,?\s+(?:about |around |roughly |approx\.? |~)?(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)??[\p{L}-]+\s+in each\b|(?<![\w.,])(?<outer>" + NumberParser.DigitsPattern + @")\s+[\p{L}-]+\s*(?:à|x|×|zu je|mit je|de)\s*(?:about |around |~|ca\.? |je )?(?<inner>" + NumberParser.DigitsPattern + @")\s+\p{L}|\beach of (?:our|the|their) (?<outer>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+){0,3}?(?:has|have|with|employs)\s+(?:about |around |roughly |~|some )?(?<inner>" + NumberParser.DigitsPattern + @")\s+\p{L}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupsTimesEach();

    // "20 catering managers use it", "3 marketers will use the tool": the people who use it, over other counts in the text
    // (but not the whole of which a share uses it: "25% of our 2,000 staff would use it").
    [GeneratedRegex(@"(?<![\w.,$€£])(?<!\bof\s+(?:our\s+|the\s+|all\s+|their\s+)?)(?:" + Number + @")\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+\s+(?:will |would |'ll |are going to |get to )?(?:use|uses|using|access) (?:it|this|the (?:tool|app|assistant|model|service|bot|system|feature))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberThatUseIt();

    // The last resort when no count is tied to a known people noun: a number followed by words that are not a unit of
    // something else, in any language ("70 sysadmins", "35 vistoriadores", "140 Bauleiter", "15 doradców"). Said in a note.
    [GeneratedRegex(@"(?<![\w.,$€£¥₹/:#-])(?<digits>" + NumberParser.DigitsPattern + @")\s*(?<suffix>k|m|mil|bin|tys\.?|tsd\.?|lakh|lakhs|alf|ألف|الف)?\+?\s+(?<words>(?:[\p{L}][\p{L}\p{M}'&-]*\s+){0,3}?)(?<noun>[\p{L}][\p{L}\p{M}'&-]{2,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberThenAnyNoun();

    // Countable things that are not people, beyond NotPeople's units: what a plan's prompts count next to their users.
    [GeneratedRegex(@"^(?:leases?|agreements?|lots?|locations?|cafeterias?|canteens?|films?|movies?|episodes?|reviews?|listings?|adverts?|ads|posts?|images?|photos?|pictures?|vessels?|ships?|buildings?|beds?|vehicles?|trucks?|cars?|propert(?:y|ies)|units?|apartments?|flats?|rooms?|plans?|permits?|notices?|filings?|entries|objects?|mods?|volumes?|pdfs?|slides?|decks?|recipes?|menus?|courses?|lessons?|questions?|answers?|tasks?|issues?|bugs?|commits?|prs?|tests?|functions?|classes|modules?|endpoints?|scripts?|routes?|parcels?|shipments?|packages?|containers?|boxes|skus?|batches|runs?|jobs?|districts?|square|sq|km|miles?|meters?|metres?|percent|per|procent|prozent|por|pour|sites?|clubs?|schools?|hospitals?|clinics?|practices?|homes?|hubs?|depots?|warehouses?|factories|plants?|farms?|hotels?|restaurants?|outlets?|franchises?|stations?|airports?|ports?|berths?|terminals?|campuses|universities|colleges|libraries|museums?|parishes|churches|councils?|vereine|betriebe|filialen|standorte|seiten|páginas|pagine|pages|lignes|linhas|líneas|righe|zeilen|dokumente|documentos|documenti|verträge|contratos|contratti|fichas|schede|anni|años|anos|jahre|ans|jours|días|dias|tage|giorni|horas|stunden|heures|ore|minutos|minuten|idiomas|lingue|sprachen|langues|línguas|countries|states|cities|towns|villages|markets?|brands?|stores?|shops?|b|gb|tb|mb|ms|bit|bits|tok|tokens?|btc|usd|eur|gbp|inr|jpy|krw|cny|brl|chf|sek|nok|dkk|czk|aed|zar|nzd|pln|mxn|sgd|idr|cad|aud|kr|kč|zł|won|yen|yuan|rupees?|reais|euros?|dollars?|pounds?|francs?|dirhams?|rand|lei|forint|kroner|kronor|kronen|złotych|zlotys?|pesos|riyals?|ringgit|baht|lira|liras|lire)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotPeopleEither();

    // "40 clinics, each with roughly 50 staff": the head count is the product.
    [GeneratedRegex(@"(?<![\w.,])(?<outer>" + NumberParser.DigitsPattern + @")\s+[\p{L}-]+,?\s+(?:each|every one)\s+(?:with|having|of)\s+(?:about |roughly |around |~|some |up to )?(?<inner>" + NumberParser.DigitsPattern + @")\s+(?:[\p{L}-]+\s+)??(?<noun>[\p{L}-]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupsOfPeople();

    [GeneratedRegex(@"\b(?<vague>a few hundred|several hundred|hundreds|a few thousand|several thousand|thousands|tens of thousands|hundreds of thousands|millions|dozens|a few dozen)\s+(?:of\s+)?(?:[a-z-]+\s+){0,2}?(?:" + People + @")(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VagueCount();

    // "20 requests per second", "600 req/min", "4.3 million requests a day", "2 million translation requests per day",
    // "~90,000 questions per day", "40 tickets/hour": a count of requests or of the items each request handles, per period.
    // A count of requests, or of the items each request handles, per period. The item may be any plural noun ("snippets",
    // "analyses", "manuscripts", "peticiones") that is not a unit of something else (tokens, words, pages, money, time,
    // hardware) or people, with up to three words before it; "in the busiest hour" and es/de/fr/it/pt periods count.
    [GeneratedRegex(@"(?<![\w.,$€£₹])(?<digits>" + NumberParser.DigitsPattern + @")\s*(?:(?<suffix>k|m|mm|million|thousand)(?![\p{L}]))?\s*(?:(?<unit>rps|qps|req/s|reqs?/s|requests?/s|req/min|requests?/min|rpm)\b|(?:(?<words>(?:[\p{L}'-]+\s+){0,3}?)(?<item>requests?|reqs?|query|call|prompt|completion|conversation|message|question|ticket|job|[\p{L}-]{3,}(?:s|es|i|en|ni))\s*|of them\s+|)(?:/|per|a|an|each|every|por|pro|par|al|à la|in the (?:busiest|peak|top)|in (?:a|an|the) (?:busy |peak )?|en hora punta por|por|last|this|in the last|over the last|the last)\s*(?<period>second|sec|s|minute|min|minuto|minuten?|hour|hr|h|hora|heure|stunde|ora|day|d|día|dia|jour|tag|giorno|week|wk|semana|woche|month|mo|mes|mois|monat|mese)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Rate();

    [GeneratedRegex(@"\b(?:concurrent(?:ly)?|simultaneous(?:ly)?|at (?:the same|once|one) time|at once|in parallel|online at once|gleichzeitig|simultáneos|simultanés)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Concurrent();

    /// <summary>Finds the first stated user count.</summary>
    public static UserMention? FindUsers(string text)
    {
        text = WrittenOut(text);
        var candidates = new List<(int Index, UserMention Mention)>();
        if (PowerThenPeople().Match(text) is { Success: true } power)
        {
            var mantissa = double.Parse(power.Groups["base"].Value, CultureInfo.InvariantCulture);
            var value = power.Groups["exponent"].Success
                ? Math.Pow(mantissa, double.Parse(power.Groups["exponent"].Value, CultureInfo.InvariantCulture))
                : mantissa * Math.Pow(10, double.Parse(power.Groups["sci"].Value, CultureInfo.InvariantCulture));
            CheckCount(power.Value, value);
            candidates.Add((power.Index, new UserMention((int)Math.Round(value), false, null)));
        }

        foreach (Match m in NumberThenPeople().Matches(text))
        {
            if (IsNegative(text, m.Index))
            {
                throw new IntentValueException($"The description gives a negative number of users ('{text[(m.Index - 1)..(m.Index + m.Length)]}'); say how many users there are, e.g. '500 users'.", IntentFields.UserCount, IntentFields.ExpectedQps);
            }

            if (IsPower(text, m.Index) || IsVersionOrSize(text, m))
            {
                continue;
            }

            CheckCount(m.Value, Value(m));
            if (Read(m) is { } count && count >= 1)
            {
                var window = m.Groups["adjectives"].Value + " " + text[m.Index..Math.Min(text.Length, m.Index + m.Length + 25)];
                candidates.Add((m.Index, new UserMention(count, Concurrent().IsMatch(window), null)));
            }
        }

        foreach (Match m in ForNumberNoun().Matches(text))
        {
            if (NamesPeople(text, m.Groups["adjectives"].Index) && Read(m) is { } count && count >= 1 && !IsVersionOrSize(text, m)
                && !IsNegative(text, m.Groups["digits"].Success ? m.Groups["digits"].Index : m.Index) && !IsPower(text, m.Groups["digits"].Success ? m.Groups["digits"].Index : m.Index))
            {
                candidates.Add((m.Index, new UserMention(count, Concurrent().IsMatch(m.Value), null)));
            }
        }

        foreach (Match m in NumberDashPerson().Matches(text))
        {
            if (Read(m) is { } count && count >= 1)
            {
                candidates.Add((m.Index, new UserMention(count, false, null)));
            }
        }

        foreach (Match m in HindiForPeople().Matches(text))
        {
            if (NumberParser.ParseDigits(m.Groups["digits"].Value, null) is { } value && value >= 1 && value <= 1e9)
            {
                candidates.Add((m.Index, new UserMention((int)Math.Round(value), false, null)));
            }
        }

        foreach (var pattern in new[] { PeopleThenNumberInParentheses(), NumberOfThem() })
        {
            foreach (Match m in pattern.Matches(text))
            {
                CheckCount(m.Value, Value(m));
                if (Read(m) is { } count && count >= 1)
                {
                    candidates.Add((m.Index, new UserMention(count, false, null)));
                }
            }
        }

        // Stated as what everyone is ("we're 14", "the engineers who'd actually get it are 1,250", "all 20 would use it"):
        // these win over counts mentioned in passing (a pilot's testers, a company headcount).
        var preferred = new List<(int Index, UserMention Mention)>();
        foreach (Match m in TheyAreNumber().Matches(text))
        {
            if (Read(m) is { } count && count >= 1)
            {
                preferred.Add((m.Index, new UserMention(count, false, null)));
            }
        }

        static double? Count(string words) => (double?)NumberParser.ParseWords(words) ?? NumberParser.ParseDigits(words, null);

        if (UnitsOfPeople().Match(text) is { Success: true } units && Count(units.Groups["outer"].Value) is { } unitCount
            && NumberParser.ParseDigits(units.Groups["inner"].Value, null) is { } perUnit && unitCount * perUnit is var total && total >= 1 && total <= MaxUsers)
        {
            preferred.Add((units.Index, new UserMention((int)Math.Round(total), false, string.Create(CultureInfo.InvariantCulture, $"'{units.Value}' taken as {total:N0} users."))));
        }

        if (PeoplePerUnit().Match(text) is { Success: true } per)
        {
            if (Count(per.Groups["outer"].Value) is { } shifts && NumberParser.ParseDigits(per.Groups["inner"].Value, null) is { } perShift
                && shifts * perShift is var all && all >= 1 && all <= MaxUsers)
            {
                preferred.Add((per.Index, new UserMention((int)Math.Round(all), false, string.Create(CultureInfo.InvariantCulture, $"'{per.Value}' taken as {all:N0} users."))));
            }
        }

        if (TwoGroups().Match(text) is { Success: true } two && NumberParser.ParseDigits(two.Groups["a"].Value, null) is { } a && NumberParser.ParseDigits(two.Groups["b"].Value, null) is { } b)
        {
            preferred.Add((two.Index, new UserMention((int)Math.Round(a + b), false, string.Create(CultureInfo.InvariantCulture, $"Two groups of users added: {a:N0} + {b:N0}."))));
        }

        if (OutOfTotal().Match(text) is { Success: true } outOf && NumberParser.ParseDigits(outOf.Groups["digits"].Value, outOf.Groups["suffix"].Value) is { } all2 && all2 >= 1 && all2 <= MaxUsers)
        {
            preferred.Add((outOf.Index, new UserMention((int)Math.Round(all2), false, null)));
        }

        if (VagueAfterPeople().Match(text) is { Success: true } vagueAfter)
        {
            var guess = vagueAfter.Groups["vague"].Value.ToLowerInvariant() switch
            {
                "a few dozen" => 36,
                "a few hundred" or "several hundred" or "hundreds" => 300,
                _ => 3_000,
            };
            preferred.Add((vagueAfter.Index, new UserMention(guess, false, string.Create(CultureInfo.InvariantCulture,
                $"'{vagueAfter.Groups["vague"].Value}' of users taken as {guess:N0}; give the number for a better plan."))));
        }

        foreach (Match m in LabelledCount().Matches(text))
        {
            if (Read(m) is { } count && count >= 1)
            {
                preferred.Add((m.Index, new UserMention(count, false, null)));
            }
        }

        if (PeopleAtEach().Match(text) is { Success: true } atEach && NumberParser.ParseDigits(atEach.Groups["outer"].Value, null) is { } places
            && NumberParser.ParseDigits(atEach.Groups["inner"].Value, null) is { } perPlace && places * perPlace is var staffed && staffed >= 1 && staffed <= MaxUsers)
        {
            preferred.Add((atEach.Index, new UserMention((int)Math.Round(staffed), false, string.Create(CultureInfo.InvariantCulture, $"'{atEach.Value}' taken as {staffed:N0} users."))));
        }

        if (PercentOf().Match(text) is { Success: true } pct && NumberParser.ParseDigits(pct.Groups["digits"].Value, pct.Groups["suffix"].Value) is { } base100)
        {
            preferred.Add((pct.Index, new UserMention((int)Math.Round(base100 * double.Parse(pct.Groups["pct"].Value, CultureInfo.InvariantCulture) / 100), false, null)));
        }

        if (ShareOfThem().Match(text) is { Success: true } ofThem && NumberParser.ParseDigits(ofThem.Groups["digits"].Value, ofThem.Groups["suffix"].Value) is { } counted
            && (ofThem.Groups["pct"].Success ? double.Parse(ofThem.Groups["pct"].Value, CultureInfo.InvariantCulture) / 100
                : 1.0 / (NumberParser.ParseWords(ofThem.Groups["in"].Value) ?? double.Parse(ofThem.Groups["in"].Value, CultureInfo.InvariantCulture))) is var part
            && counted * part is var adopters && adopters >= 1 && adopters <= MaxUsers)
        {
            preferred.Add((ofThem.Index, new UserMention((int)Math.Round(adopters), false, string.Create(CultureInfo.InvariantCulture, $"'{ofThem.Value}' taken as {adopters:N0} users."))));
        }

        if (ShareOf().Match(text) is { Success: true } share && NumberParser.ParseDigits(share.Groups["digits"].Value, share.Groups["suffix"].Value) is { } whole)
        {
            var fraction = share.Groups["share"].Value.ToLowerInvariant() switch { "half" => 0.5, "a third" => 1.0 / 3, "a quarter" => 0.25, _ => 2.0 / 3 };
            preferred.Add((share.Index, new UserMention((int)Math.Round(whole * fraction), false, null)));
        }

        foreach (Match m in GroupsTimesEach().Matches(text))
        {
            if (NumberParser.ParseDigits(m.Groups["outer"].Value, null) is { } groupCount && NumberParser.ParseDigits(m.Groups["inner"].Value, null) is { } inEach
                && groupCount * inEach is var groupsTotal && groupsTotal >= 1 && groupsTotal <= MaxUsers && groupCount >= 2)
            {
                preferred.Add((m.Index, new UserMention((int)Math.Round(groupsTotal), false, string.Create(CultureInfo.InvariantCulture,
                    $"'{m.Value.Trim()}…' taken as {groupCount:N0} × {inEach:N0} = {groupsTotal:N0} users."))));
            }
        }

        foreach (Match m in NumberThatUseIt().Matches(text))
        {
            if (Read(m) is { } count && count >= 1 && !IsVersionOrSize(text, m))
            {
                // Who uses it wins over every other count, wherever it stands.
                preferred.Add((-1, new UserMention(count, false, null)));
            }
        }

        foreach (Match m in CjkPeople().Matches(text))
        {
            if (NumberParser.ParseDigits(m.Groups["digits"].Value, m.Groups["suffix"].Success ? m.Groups["suffix"].Value : null) is { } value && value >= 1 && value <= MaxUsers)
            {
                preferred.Add((m.Index, new UserMention((int)Math.Round(value), false, null)));
            }
        }

        if (preferred.Count > 0)
        {
            return preferred.OrderBy(c => c.Index).Select(c => c.Mention).First();
        }

        foreach (Match m in RomajiPeople().Matches(text))
        {
            if (NumberParser.ParseDigits(m.Groups["digits"].Value, m.Groups["man"].Success ? "man" : null) is { } value && value >= 1 && value <= MaxUsers)
            {
                candidates.Add((m.Index, new UserMention((int)Math.Round(value), false, null)));
            }
        }

        if (GroupsOfPeople().Match(text) is { Success: true } groups
            && (PeopleWord().IsMatch(groups.Groups["noun"].Value) || (groups.Groups["noun"].Value.EndsWith('s') && !NotPeople().IsMatch(groups.Groups["noun"].Value)))
            && NumberParser.ParseDigits(groups.Groups["outer"].Value, null) is { } outer && NumberParser.ParseDigits(groups.Groups["inner"].Value, null) is { } inner
            && outer * inner is var product && product >= 1 && product <= MaxUsers)
        {
            // Earlier than the inner count, so that "50 staff" alone does not win.
            candidates.Add((groups.Index, new UserMention((int)Math.Round(product), false, string.Create(CultureInfo.InvariantCulture,
                $"{groups.Groups["outer"].Value} groups of {groups.Groups["inner"].Value} people taken as {product:N0} users."))));
        }

        foreach (Match m in TeamOf().Matches(text))
        {
            CheckCount(m.Value, Value(m));
            if (Read(m) is { } count && count >= 1)
            {
                candidates.Add((m.Index, new UserMention(count, false, null)));
            }
        }

        foreach (Match m in VagueCount().Matches(text))
        {
            var phrase = m.Groups["vague"].Value.ToLowerInvariant();
            var count = phrase switch
            {
                "dozens" or "a few dozen" => 36,
                "hundreds" or "a few hundred" or "several hundred" => 300,
                "thousands" or "a few thousand" or "several thousand" => 3_000,
                "tens of thousands" => 30_000,
                "hundreds of thousands" => 300_000,
                _ => 3_000_000,
            };
            candidates.Add((m.Index, new UserMention(count, false, string.Create(CultureInfo.InvariantCulture,
                $"'{m.Groups["vague"].Value}' of users taken as {count:N0}; give the number for a better plan."))));
        }

        return candidates.OrderBy(c => c.Index).Select(c => c.Mention).FirstOrDefault() ?? AnyCountedNoun(text);
    }

    // The first number followed by words that are none of the units, things, money or time that NotPeople and
    // NotPeopleEither list, nor a request rate; taken with a note that names the words, so that a wrong reading shows.
    private static UserMention? AnyCountedNoun(string text)
    {
        foreach (Match m in NumberThenAnyNoun().Matches(text))
        {
            var words = m.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(m.Groups["noun"].Value).ToArray();
            if (words.Any(w => NotPeople().IsMatch(w) || NotPeopleEither().IsMatch(w)) || FunctionWord().IsMatch(words[0])
                || IsVersionOrSize(text, m) || IsNegative(text, m.Index) || Rate().Match(text, m.Index) is { Success: true } rate && rate.Index == m.Index)
            {
                continue;
            }

            if (NumberParser.ParseDigits(m.Groups["digits"].Value, m.Groups["suffix"].Success ? m.Groups["suffix"].Value : null) is { } value
                && value >= 2 && value <= MaxUsers && value == Math.Floor(value) && !(value is >= 1900 and <= 2100 && !m.Groups["suffix"].Success))
            {
                var phrase = m.Value.Trim();
                return new UserMention((int)value, false, string.Create(CultureInfo.InvariantCulture,
                    $"'{phrase}' taken as {value:N0} users (the words after the number are not ones Compass knows for people); give the number of users if that is wrong."));
            }
        }

        return null;
    }

    // Whether the words after a number name people: up to three words are read until a people noun or a plural; a
    // unit of something else (documents, tokens, GPUs, days…) or a function word first ("for 2025 with …") says no.
    private static bool NamesPeople(string text, int start)
    {
        var words = WordAfter().Matches(text[start..Math.Min(text.Length, start + 80)]).Take(3).Select(w => w.Value).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (NotPeople().IsMatch(word) || FunctionWord().IsMatch(word))
            {
                return false;
            }

            if (PeopleWord().IsMatch(word) || (word.Length > 3 && word.EndsWith('s')))
            {
                return true;
            }
        }

        return words.Length > 0;
    }

    [GeneratedRegex(@"[\p{L}][\p{L}\p{M}'&/-]*")]
    private static partial Regex WordAfter();

    [GeneratedRegex(@"(?:^|-)(?:" + People + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeopleWord();

    [GeneratedRegex(@"^(?:with|and|or|the|to|in|on|at|of|per|a|an|by|from|that|which|who|is|are|was|will|can|con|y|e|et|und|mit|de|da|del|des|du|le|la|les|el|los|las|il|lo|gli|und|für|pour|para|per|plus|more|less|times|x)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionWord();

    // "-5 users" is negative; "5-10 users" is a range whose upper end is read.
    private static bool IsNegative(string text, int index)
        => index > 0 && text[index - 1] is '-' or '\u2212' && (index == 1 || !char.IsLetterOrDigit(text[index - 2]));

    /// <summary>Finds a stated request rate, in requests per second (a mean).</summary>
    public static (double Qps, string? Note)? FindRate(string text)
    {
        text = WrittenOut(text);
        foreach (Match m in Rate().Matches(text))
        {
            if (NumberParser.ParseDigits(m.Groups["digits"].Value, m.Groups["suffix"].Value) is not { } value || value <= 0)
            {
                continue;
            }

            if (m.Groups["item"].Success && (NotARequest().IsMatch(m.Groups["item"].Value)
                || m.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => NotARequest().IsMatch(w))))
            {
                continue;
            }

            var unit = m.Groups["unit"].Success ? m.Groups["unit"].Value.ToLowerInvariant() : m.Groups["period"].Value.ToLowerInvariant();
            var seconds = unit switch
            {
                "minute" or "min" or "minuto" or "minute " or "minuten" or "req/min" or "requests/min" or "request/min" or "rpm" => 60.0,
                "hour" or "hr" or "h" or "hora" or "heure" or "stunde" or "ora" => 3600.0,
                "day" or "d" or "día" or "dia" or "jour" or "tag" or "giorno" => 86_400.0,
                "week" or "wk" or "semana" or "woche" => 604_800.0,
                "month" or "mo" or "mes" or "mois" or "monat" or "mese" => 2_628_000.0,
                _ => 1.0,
            };
            // "250 traders, each asking about 4 questions a minute": a rate per person, times the people.
            var perPerson = EachPerson().Match(text[Math.Max(0, m.Index - 60)..m.Index]);
            if (perPerson.Success && FindUsers(text) is { } people)
            {
                return (value * people.Count / seconds, string.Create(CultureInfo.InvariantCulture,
                    $"A rate per person ({m.Value.Trim()}) taken for all {people.Count:N0} users."));
            }

            var note = seconds >= 3600 ? "A rate per hour, day, week or month is taken as an even mean over the period; peaks come from the use case's peak multiplier." : null;
            return (value / seconds, note);
        }

        return null;
    }

    [GeneratedRegex(@"^(?:tokens?|words?|pages?|characters?|chars?|dollars?|euros?|rupees?|pounds?|usd|eur|seconds?|minutes?|hours?|days?|weeks?|months?|years?|times|gpus?|nodes?|servers?|machines?|replicas?|instances?|cards?|bytes|gb|tb|mb|percent|lines?|languages?|sites?|steps?|ms|users?|people|persons?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotARequest();

    [GeneratedRegex(@"\b(?:each|every one|per (?:person|user|head|dev|developer|agent))\b[^.;]{0,25}$|\b(?:each|every) of (?:our|the|them)\b[^.;]{0,45}$|\b(?:each|every)\s+(?:[\p{L}-]+\s+)?(?:" + People + @")\b[^.;]{0,20}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EachPerson();

    // "half a million", "a quarter million", "dos millones", "une quinzaine de", "between two and three thousand": written
    // out as digits so the patterns above read them.
    private static string WrittenOut(string text) => Spelled(Fraction().Replace(text, m => (m.Groups["half"].Success ? 0.5 : 0.25) * (m.Groups["mult"].Value.ToLowerInvariant() switch
    {
        "million" => 1_000_000,
        "thousand" => 1_000,
        _ => 100_000,
    }) is var n ? n.ToString("0", CultureInfo.InvariantCulture) : m.Value));

    private static string Spelled(string text)
    {
        static int? Small(string w) => w.ToLowerInvariant() switch
        {
            "one" or "un" or "una" or "uno" or "um" or "uma" or "ein" or "eine" => 1,
            "two" or "dos" or "dois" or "duas" or "deux" or "zwei" or "due" => 2,
            "three" or "tres" or "três" or "trois" or "drei" or "tre" => 3,
            "four" or "cuatro" or "quatro" or "quatre" or "vier" or "quattro" => 4,
            "five" or "cinco" or "cinq" or "fünf" or "cinque" => 5,
            _ => null,
        };
        text = SpelledMillions().Replace(text, m => Small(m.Groups["n"].Value) is { } n
            ? (n * (m.Groups["mult"].Value.StartsWith("mil", StringComparison.OrdinalIgnoreCase) && !m.Groups["mult"].Value.StartsWith("mill", StringComparison.OrdinalIgnoreCase)
                && !m.Groups["mult"].Value.StartsWith("milh", StringComparison.OrdinalIgnoreCase) && !m.Groups["mult"].Value.StartsWith("milio", StringComparison.OrdinalIgnoreCase) ? 1_000L : 1_000_000L)).ToString(CultureInfo.InvariantCulture)
            : m.Value);
        text = Approximately().Replace(text, m => m.Groups["w"].Value.ToLowerInvariant() switch
        {
            "dizaine" => "10", "douzaine" => "12", "quinzaine" => "15", "vingtaine" => "20", "trentaine" => "30", "quarantaine" => "40", "cinquantaine" => "50", _ => "100",
        } + " ");
        return Between().Replace(text, m => Small(m.Groups["a"].Value) is { } a && Small(m.Groups["b"].Value) is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"between {a * Scale(m.Groups["mult"].Value)} and {b * Scale(m.Groups["mult"].Value)}")
            : m.Value);

        static long Scale(string word) => word.ToLowerInvariant() switch { "hundred" => 100, "thousand" => 1_000, _ => 1_000_000 };
    }

    [GeneratedRegex(@"\b(?<n>one|un|una|uno|um|uma|ein|eine|two|dos|dois|duas|deux|zwei|due|three|tres|três|trois|drei|tre|four|cuatro|quatro|quatre|vier|quattro|five|cinco|cinq|fünf|cinque)\s+(?<mult>millones|millón|milhões|milhão|millions?|millionen|milioni|mil|mille|mila|tausend)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpelledMillions();

    [GeneratedRegex(@"\b(?:une|a|an)\s+(?<w>dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine)\s+(?:de\s+|d')?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Approximately();

    [GeneratedRegex(@"\bbetween (?<a>one|two|three|four|five) and (?<b>one|two|three|four|five) (?<mult>hundred|thousand|million)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Between();

    [GeneratedRegex(@"\b(?:(?<half>half a|a half)|(?<quarter>a quarter(?: of a)?)) (?<mult>million|thousand|lakh)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Fraction();

    private static double? Value(Match m)
        => m.Groups["dotted"].Success
            ? NumberParser.ParseDigits(m.Groups["dotted"].Value.Replace(".", string.Empty, StringComparison.Ordinal), null)
            : m.Groups["digits"].Success
            ? NumberParser.ParseDigits(m.Groups["digits"].Value, m.Groups["suffix"].Value)
            : m.Groups["words"].Success ? NumberParser.ParseWords(m.Groups["words"].Value) : null;

    private static int? Read(Match m) => Value(m) is { } v && v >= 1 && v <= MaxUsers ? (int)Math.Round(v) : null;

    // A head count of zero, or more people than there are on Earth's internet, is a mistake to point out, not a number to plan for.
    private static void CheckCount(string phrase, double? value)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v < 0.5)
        {
            throw new IntentValueException($"The description gives no users ('{phrase.Trim()}'); say how many people will use it, e.g. '500 users', or give a request rate such as '20 requests per second'.", IntentFields.UserCount, IntentFields.ExpectedQps);
        }

        if (v > MaxUsers)
        {
            throw new IntentValueException(string.Create(CultureInfo.InvariantCulture,
                $"The description gives more users than can be planned for ('{phrase.Trim()}'; at most {MaxUsers:N0}); check the number, e.g. '5 million users', or give a request rate such as '2,000 requests per second'."), IntentFields.UserCount, IntentFields.ExpectedQps);
        }
    }

    // "10^15 users", "10**6 users", "1e6 users": the number before the people noun is an exponent, not the count.
    private static bool IsPower(string text, int index) => PowerBefore().IsMatch(text[..index]);

    [GeneratedRegex(@"\d(?:\s*(?:\^|\*\*)\s*|e)$", RegexOptions.IgnoreCase)]
    private static partial Regex PowerBefore();

    [GeneratedRegex(@"(?<![\w.,])(?<base>\d+(?:\.\d+)?)(?:\s*(?:\^|\*\*)\s*(?<exponent>\d{1,3})|e(?<sci>\d{1,3}))\s+(?:[a-zà-ÿ&/'-]+\s+){0,2}?(?:" + People + @")(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PowerThenPeople();

    /// <summary>
    /// Finds a people noun the text names without a number ("banana users", "our staff"), for a note that says the
    /// count is missing; null when none.
    /// </summary>
    public static string? FindUncountedPeople(string text)
        => UncountedPeople().Match(text) is { Success: true } m ? m.Value.Trim() : null;

    [GeneratedRegex(@"(?<![\w-])(?:[\p{L}][\p{L}'-]*\s+)?(?:" + People + @")(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UncountedPeople();

    // A number right after a model family or "version" is a size or version number, not a head count.
    private static bool IsVersionOrSize(string text, Match m) => ModelFamily().IsMatch(text[..m.Index].TrimEnd());

    [GeneratedRegex(@"(?:llama|qwen|mistral|mixtral|granite|phi|gpt-oss|gemma|deepseek|version|v)\s*[\d.]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ModelFamily();
}
