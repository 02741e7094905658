using System.Globalization;
using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Reads a spending limit ("no more than $4,000 per month", "under $4k/month", "budget of $50k per year",
/// "$10 an hour", "4000 USD a month") as USD per month, and how the hardware is paid for ("on-prem", "buy").
/// </summary>
internal static partial class BudgetParser
{
    private const double HoursPerMonth = 730;

    // Digits as budgets are written: Indian grouping ("3,00,000"), dots between thousands ("8.000 €"), or the usual forms.
    private const string Money = @"\d{1,3}(?:'\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:\.\d{3})+(?![\d])|" + NumberParser.DigitsPattern;

    private const string Multiplier = @"thousand|million|lakhs?|lacs?|crores?|tys\.?|mil(?![\p{L}])|juta|hazaa?r|万|萬|만|ألف|الف|k|m(?![\p{L}])";

    private const string Period = @"(?:\s?(?:/|per|a|an|each|every|for|im|al|por|par|pro|au|all')\s?(?:the\s)?(?<period>month|mo|year|yr|annum|quarter|qtr|week|wk|day|hour|hr|h|monat|mes|mois|mese|jahr|año|ano|an|anno)\b|\s?(?<adverb>monthly|annually|yearly|quarterly|weekly|daily|hourly|mensuel|mensual|monatlich|mensile|miesięcznie|měsíčně|månedlig(?:t|e)?|månatligen|i månaden|om månaden|i måneden|om måneden|(?:per|pr\.?) måne?a?d(?:en)?|per maand|aylık|شهري\w*)(?!\w))?";

    [GeneratedRegex(@"(?:(?<cur>r\$|s\$|nz\$|nzd\s?|aed\s?|zar\s?|(?<![\p{L}\d])r(?=\s?\d{1,3}(?:[ \u00A0,]\d{3})+)|krw\s?|₩|cny\s?|rmb\s?|czk\s?|dkk\s?|nok\s?|sgd\s?|rp\.?\s?|mx\$|ca\$|c\$|a\$|au\$|\$|usd\s?|us\$|€|eur\s?|£|gbp\s?|₹|inr\s?|rs\.?\s?|chf\s?|sek\s?|pln\s?|cad\s?|aud\s?|¥|jpy\s?)\s?(?<amount>" + Money + @")\s?(?<suffix>" + Multiplier + @")?|(?<amount2>" + Money + @")\s?(?<suffix2>" + Multiplier + @")?\s?(?<cur2>usd|dollars|\$|€|eur|euros?|£|gbp|pounds?|₹|inr|rupees|chf|francs?|kronor|kroner|kr\.?|sek|zł|zl|złotych|pln|cad|aud|man en|yen|jpy|rupaye|rupees?|pesos mexicanos|pesos|mxn|nok|brl|reais|sgd|nzd|aed|dirhams?|درهم|rand|zar|krw|won|원|cny|yuan|rmb|元人民币|元|人民币|円|czk|kč|korun\w*|dkk|دولار|grand)(?![a-zà-ÿ]))" + Period, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    // A bare number ("budget of 50k a year") counts only right after a budget word and with a period.
    [GeneratedRegex(@"\b(?:budget|spend|spending|afford|cap(?:ped)?|limit)\b[^.;\d$]{0,20}?(?<![\w.,])(?<amount>" + NumberParser.DigitsPattern + @")\s?(?<suffix>k|m|thousand|million)?\s?(?:/|per|a|an|each|every)\s?(?<period>month|mo|year|yr|annum|quarter|qtr|week|wk|day|hour|hr|h)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareAmount();

    [GeneratedRegex(@"\b(?:budget|budgeten|budgettet|budsjett\w*|budjet|budgt|presupuesto|orçamento|bilancio|etat|spend|spending|cost|costs|pay|afford|put|max(?:imum)?|no more than|not more than|under|below|less than|up to|at most|within|cap(?:ped)?|limit)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BudgetWord();

    [GeneratedRegex(@"\b(?:on[\s-]?prem(?:ise|ises)?|on our own (?:gpus|hardware|servers|cluster)|our own (?:gpus|hardware|servers|cluster|data ?cent(?:er|re))|(?:existing|in-house) (?:gpus|cluster|hardware|servers)|we (?:already )?(?:have|own) (?!(?:no|zero|not|none|any)\b)(?:\d+\s)?(?:[a-z0-9-]+\s)?(?:gpus|servers|nodes|cards)|self[\s-]hosted on our|air[\s-]?gapped|(?:existing|own|in-house) data ?cent(?:er|re)s?|in our (?:own )?data ?cent(?:er|re)|h[ée]berg[ée]e? chez nous|sur nos (?:propres )?serveurs|em nossos (?:pr[óo]prios )?servidores|en nuestros (?:propios )?servidores|auf unseren (?:eigenen )?servern|sui nostri server)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Owned();

    // Hardware or rooms the user owns ("our own racks", "the servers in our basement", "onze eigen servers"), data that
    // may not leave their network, and hardware they already have ("we own 16 A100 cards").
    [GeneratedRegex(@"\b(?:(?:our|our own|own|unser\w*|eigenen?|onze|ons|eigen|nuestr\w*|propi\w*|noss\w*|própri\w*|propri\w*|notre|nos|propres?|nostr\w*|hamare|apne)\s+(?:[\w-]+\s+){0,3}?(?:servers?|server\s?rooms?|machine\s?rooms?|racks?|hardware|gpu\s?boxes|boxes|data\s?cent(?:er|re)s?|datacenters?|rechenzentrum|basement|premises|colo|colocation|servidores|serveurs|servern|machines)|(?:can'?t|cannot|can not|must not|mustn'?t|may not|should not|shouldn'?t|not allowed to|never)\s+(?:go out|leave)(?:\s+from)?\s+(?:our|the|this)\s+(?:network|premises|building|site|data\s?cent(?:er|re))|(?:darf|dürfen)\s+(?:unser\w*|das)\s+\w+\s+nicht verlassen|no saas|in[\s-]house|onpuremisu|on[\s-]premisu|colocation|in (?:a|our) colo|(?:servers|gpus|cards|machines) (?:are|is) already (?:there|here|in place)|we (?:already )?(?:have|own) (?!(?:no|zero|not|none|any)\b)(?:\d+\s+)?(?:[\w-]+\s+){0,3}?(?:gpus|cards|servers|nodes)(?:\s+already)?|(?:servers|gpus|hardware|machines) (?:which|that) we (?:already )?(?:possess|own|have)|inside our (?:[\w-]+ )?network|(?:gpus|servers|cards|machines|hardware) we (?:already )?(?:own|have)|network we run ourselves|our own (?:gpu )?cluster|can ?not leave the building|servers on board|our own ones|vår egen serverhall|egna servrar|shanai no saabaa|kendi sunucular\w*|kendi veri merkez\w*|server kami sendiri|our own server room|we (?:already )?have racks|racks in (?:the|our) (?:[\w-]+\s+){0,2}?(?:basement|server\s?room|building|office|town hall|site)|(?:servers|racks|gpus|machines|cards) in our (?:[\w-]+\s+){0,2}?(?:labs?|basement|building|offices?|plant|site|server\s?room)|we bought (?:them|those|these|the (?:gpus|cards|servers|boxes))|(?:boxes|servers|gpus|cards|machines|nodes) (?:are|is) (?:already )?ours|(?:nothing|it|the data) (?:may|can|must|should) (?:not |never )?touch the internet|(?:server|gpu)\s+(?:che abbiamo\s+)?in sede|na naszych (?:własnych )?serwerach|własnych serwerach|dans nos murs)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OwnedInOtherWords();

    // Hardware named by its GPU ("on our own H100s", "we already own 8 A100s", "the workstation GPU we already have"), and
    // self-hosting in languages written without word boundaries or outside the Latin patterns above.
    [GeneratedRegex(@"\b(?:on |with )?(?:our own|our existing|we (?:already )?(?:have|own)|we'?ve got|already own)(?!\s+(?:no|zero|not|none|any)\b)\s+(?:\d+\s*[x×]?\s*)?(?:[\w-]+\s+){0,2}?(?:[ahlbvt]\d{1,3}[a-z]{0,3}s?|mi\d{3}x?s?|rtx[\s-]?\w+|gpus?|cards?|workstations?)\b|\b(?:gpus?|cards?|servers?|hardware|workstations?)\s+(?:that\s+|which\s+)?we (?:already )?(?:have|own)\b"
        + @"|自己的(?:服务器|机房|数据中心)|私有化部署|本地部署|本地服务器|自社(?:の)?(?:サーバ|データセンター)|社内(?:の)?サーバ|オンプレ|사내 서버|자체 서버|온프레미스|خوادمنا|(?<!\p{L})(?:lokalnie|w naszej serwerowni|data center kami sendiri|server kami sendiri|nuestro propio cpd|văn phòng của chúng tôi|máy chủ của chúng tôi|kendi sunucularımız)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnedHardware();

    // Buying hardware in other languages ("GPUサーバーを購入", "satın alacağız", "kupimy").
    [GeneratedRegex(@"购买|購入|구매|구입|(?<!\p{L})(?:satın al\w*|kupi\w*|zakup\w*|comprar(?:emos)?|compraremos|acheter|achèterons|kaufen|kaufen wir|kopen|membeli|beli|(?<!không )mua)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PurchaseOther();

    // A later move to the cloud ("… on our own servers, but we've decided to go to the cloud instead") overrides hosting it ourselves.
    [GeneratedRegex(@"\b(?:(?:go|move|moving|run|running|host|hosted|hosting|deploy|deployed|deploying)\s+(?:it\s+)?(?:to|in|on|into)\s+the cloud|the cloud instead|cloud[\s-]only|in the (?:public )?cloud|rent (?:gpus|instances|servers|h100s|a100s)[\w ]{0,30}?(?:from|in|on)|(?:from|with) an? (?:[\w-]+ )?cloud provider|cloud provider instead|(?:in|on) our (?:aws|azure|gcp|google cloud) (?:account|subscription|project|tenant)|(?:go|move|moving|going|it'?ll go)\s+(?:it\s+)?to (?:azure|aws|gcp|google cloud)\b[\w ]{0,12}?instead)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cloud();

    [GeneratedRegex(@"(?<!\b(?:don'?t|not|never|rather than|instead of|than)\s)\b(?:buy|buying|purchase|purchasing|capex|capital expenditure)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Purchase();

    /// <summary>Finds a monthly budget in USD.</summary>
    public static (double MonthlyUsd, string? Note)? FindBudget(string text) => FindBudget(text, null);

    /// <summary>Finds a monthly budget in USD; a budget per seat or user ("$150 per seat per month") is multiplied by <paramref name="users"/>.</summary>
    /// <remarks>A per-seat budget with no user count is not a budget: there is nothing to multiply it by.</remarks>
    public static (double MonthlyUsd, string? Note)? FindBudget(string text, double? users)
    {
        // "twelve thousand dollars a month", "five grand a month": numbers in words are read as digits when nothing else is found.
        return FindStatedBudget(text, users)
            ?? (AmountInWords().Replace(text, m => NumberParser.ParseWords(m.Groups["words"].Value) is { } n ? n.ToString(CultureInfo.InvariantCulture) + " " : m.Value) is var digits
                && digits != text ? FindStatedBudget(digits, users) : null);
    }

    private static (double MonthlyUsd, string? Note)? FindStatedBudget(string text, double? users)
    {
        (double MonthlyUsd, string? Note)? found = null;
        foreach (Match m in Amount().Matches(text))
        {
            var digits = m.Groups["amount"].Success ? m.Groups["amount"].Value : m.Groups["amount2"].Value;
            var suffix = m.Groups["suffix"].Success ? m.Groups["suffix"].Value : m.Groups["suffix2"].Value;
            if (ParseMoney(digits, suffix) is not { } local || local <= 0)
            {
                continue;
            }

            var currency = Currency((m.Groups["cur"].Success ? m.Groups["cur"].Value : m.Groups["cur2"].Value).Trim(), text);
            if (m.Groups["cur2"].Value.Trim().Equals("grand", StringComparison.OrdinalIgnoreCase))
            {
                local *= 1_000; // "five grand" is $5,000.
            }

            if (m.Groups["cur2"].Value.Trim().Equals("man en", StringComparison.OrdinalIgnoreCase))
            {
                local *= 10_000; // Japanese "man" is ten thousand: "100 man en" is ¥1,000,000.
            }

            var amount = local * currency.UsdPer;

            var period = (m.Groups["period"].Success ? m.Groups["period"].Value : m.Groups["adverb"].Value).ToLowerInvariant();
            var before = text[Math.Max(0, m.Index - 40)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)];
            var perSeat = PerSeat().Match(after);
            if (perSeat.Success)
            {
                if (users is not > 0)
                {
                    continue;
                }

                amount *= users.Value;
                after = after[(perSeat.Index + perSeat.Length)..];
            }

            if (period.Length == 0 && MonthBefore().IsMatch(before))
            {
                // "月額予算は150万円", "每月预算不超过 3 万元", "예산은 월 800만 원", "الميزانية الشهرية ٥٠٠٠ دولار".
                period = "month";
            }

            if (period.Length == 0)
            {
                // A period stated near the amount rather than next to it: "budget for the year is 48.000 €",
                // "Each quarter we can put €30k toward this", "€240.000 budget per year".
                period = NearbyPeriod(after, before);
            }

            if (period.Length == 0 && !BudgetWord().IsMatch(before))
            {
                continue;
            }

            var notes = new List<string>();
            if (period.Length == 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"A budget of ${amount:N0} with no period is taken as per month."));
            }

            if (perSeat.Success)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"The budget is given per seat: {amount / users!.Value:N2} for each of {users.Value:N0} users."));
            }

            if (currency.Code != "USD")
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The budget is in {currency.Code}: {local:N0} {currency.Code} taken as ${amount:N0} at a fixed reference rate of {currency.UsdPer:0.####} USD per {currency.Code}; give it in USD for an exact limit."));
            }

            // The first budget stated, unless a later one corrects it ("$10k a month; actually make that $14k").
            if (found is null || Corrected().IsMatch(before))
            {
                found = (ToMonthly(amount, period), notes.Count == 0 ? null : string.Join(" ", notes));
            }
        }

        if (found is not null)
        {
            return found;
        }

        if (BareAmount().Match(text) is { Success: true } bare && ParseMoney(bare.Groups["amount"].Value, bare.Groups["suffix"].Value) is { } value && value > 0)
        {
            return (ToMonthly(value, bare.Groups["period"].Value.ToLowerInvariant()), null);
        }

        return null;
    }

    /// <summary>Whether the text states a budget per seat or user ("$20 per seat per month").</summary>
    public static bool HasPerSeatBudget(string text)
        => Amount().Matches(text).Any(m => PerSeat().IsMatch(text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)]));

    // Indian grouping and dotted thousands are normalized; lakh and crore are Indian multiples (10⁵, 10⁷).
    private static double? ParseMoney(string digits, string suffix)
    {
        digits = digits.Replace("'", string.Empty, StringComparison.Ordinal);
        var clean = digits.Contains(',', StringComparison.Ordinal) || !DottedThousands().IsMatch(digits)
            ? digits.Replace(",", string.Empty, StringComparison.Ordinal)
            : digits.Replace(".", string.Empty, StringComparison.Ordinal);
        return NumberParser.ParseDigits(clean, suffix);
    }

    [GeneratedRegex(@"^\d{1,3}(?:\.\d{3})+$")]
    private static partial Regex DottedThousands();

    [GeneratedRegex(@"\b(?<words>" + NumberParser.WordsPattern + @")\s+(?=(?:dollars?|bucks|grand|euros?|pounds?|usd|eur|gbp)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountInWords();

    [GeneratedRegex(@"\b(?:make (?:that|it)|actually|sorry|correction|rather|instead|no wait|update)\b[^.\d]{0,20}$", RegexOptions.IgnoreCase)]
    private static partial Regex Corrected();

    [GeneratedRegex(@"(?:每月|毎月|月額|月|월|الشهرية|شهري)[^\d\n]{0,12}$")]
    private static partial Regex MonthBefore();

    private static string NearbyPeriod(string after, string before)
    {
        if (NearPeriod().Match(after) is { Success: true } next)
        {
            return PeriodOf(next);
        }

        return NearPeriod().Matches(before) is { Count: > 0 } earlier ? PeriodOf(earlier[^1]) : string.Empty;

        static string PeriodOf(Match m) => m.Groups["period"].Success ? m.Groups["period"].Value.ToLowerInvariant() : m.Groups["adverb"].Value.ToLowerInvariant() switch
        {
            var a when a.StartsWith("annu", StringComparison.Ordinal) || a.StartsWith("anual", StringComparison.Ordinal) || a.StartsWith("jährlich", StringComparison.Ordinal) || a == "yearly" => "year",
            var a when a.StartsWith("quarter", StringComparison.Ordinal) || a.StartsWith("trimes", StringComparison.Ordinal) => "quarter",
            var a when a == "weekly" => "week",
            var a when a == "daily" => "day",
            _ => "month",
        };
    }

    [GeneratedRegex(@"\b(?:(?:per|a|an|each|every|for the|the|this|par|pro|al|por|im|le|la|el)\s+(?:first\s+|next\s+|coming\s+|current\s+)?)(?<period>year|yr|annum|quarter|month|week|day|jahr|año|anno|mois|mes|mese|monat|trimestre|quartal)\b|\b(?<adverb>annual\w*|annuel\w*|anual\w*|annuale|jährlich\w*|yearly|quarterly|trimestri\w*|monthly|mensuel\w*|mensual\w*|monatlich\w*|mensile|weekly|daily)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NearPeriod();

    [GeneratedRegex(@"^\s?(?:/|per|a|an|each|every|par|pro|por|al)\s?(?:seat|user|head|employee|person|member|licen[cs]e|utilisateur|usuario|nutzer|utente|sitz|platz|agent|analyst|developer|dev|engineer|lawyer|clerk|nurse|doctor|student|teacher|rep|editor|translator|writer)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerSeat();

    // Reference rates (USD per unit, late 2026, rounded) so that a budget stated in another currency is not ignored;
    // the extraction says which rate it used, and a USD figure is exact.
    private static (string Code, double UsdPer) Currency(string symbol, string text) => symbol.ToLowerInvariant().TrimEnd('.') switch
    {
        "kr" or "kroner" => Krone(symbol, text),
        "€" or "eur" or "euro" or "euros" => ("EUR", 1.08),
        "£" or "gbp" or "pound" or "pounds" => ("GBP", 1.27),
        "₹" or "inr" or "rs" or "rupees" => ("INR", 0.012),
        "chf" or "franc" or "francs" => ("CHF", 1.13),
        "sek" or "kronor" => ("SEK", 0.095),
        "pln" or "zł" or "zl" or "złotych" => ("PLN", 0.25),
        "ca$" or "c$" or "cad" => ("CAD", 0.73),
        "a$" or "au$" or "aud" => ("AUD", 0.66),
        "¥" or "jpy" or "yen" or "man en" => ("JPY", 0.0068),
        "r$" or "brl" or "reais" => ("BRL", 0.18),
        "s$" or "sgd" => ("SGD", 0.75),
        "rp" or "rp." => ("IDR", 0.000063),
        "mx$" or "mxn" or "pesos" or "pesos mexicanos" => ("MXN", 0.054),
        "nok" => ("NOK", 0.095),
        "nz$" or "nzd" => ("NZD", 0.60),
        "aed" or "dirham" or "dirhams" or "درهم" => ("AED", 0.2723),
        "zar" or "rand" or "r" => ("ZAR", 0.055),
        "krw" or "won" or "원" or "₩" => ("KRW", 0.00074),
        "cny" or "yuan" or "rmb" or "元" or "元人民币" or "人民币" => ("CNY", 0.14),
        "円" => ("JPY", 0.0068),
        "czk" or "kč" or "korun" or "korunami" or "koruny" => ("CZK", 0.043),
        "dkk" => ("DKK", 0.15),
        "دولار" or "grand" => ("USD", 1),
        "rupaye" => ("INR", 0.012),
        _ => ("USD", 1),
    };

    // "kr" is the sign of the Swedish, Danish and Norwegian krone alike, and "kroner" is Danish and Norwegian: the
    // language's small words say which (not names of languages, which a translation request lists).
    private static (string Code, double UsdPer) Krone(string symbol, string text)
    {
        var swedish = SwedishWords().Count(text);
        var danish = DanishWords().Count(text);
        var norwegian = NorwegianWords().Count(text);
        if (danish > swedish && danish > norwegian)
        {
            return ("DKK", 0.15);
        }

        if (norwegian > swedish && norwegian > danish)
        {
            return ("NOK", 0.095);
        }

        return swedish > 0 || symbol.Equals("kr", StringComparison.OrdinalIgnoreCase) ? ("SEK", 0.095) : ("DKK", 0.15);
    }

    [GeneratedRegex(@"(?<!\p{L})(?:och|inte|till|ska|vill|behöver|våra|mycket|några|vad|månad\w*|användare|anställda|företag\w*|kronor)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SwedishWords();

    [GeneratedRegex(@"(?<!\p{L})(?:af|meget|nogle|hvad|bruge|bruger|brugere|medarbejdere|virksomhed\w*|oversat|omkring|nøjagtig\w*|vores|skal have|kommer til at)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DanishWords();

    [GeneratedRegex(@"(?<!\p{L})(?:mye|noen|hva|bruke|bruker|brukere|ansatte|bedrift\w*|oversatt|rundt|nøyaktig\w*|våre|vårt|trenger|kommer til å)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NorwegianWords();

    private static double ToMonthly(double amount, string period) => period switch
    {
        "quarter" or "qtr" or "quarterly" => amount / 3,
        "year" or "yr" or "annum" or "annually" or "yearly" or "jahr" or "año" or "ano" or "an" or "anno" => amount / 12,
        "week" or "wk" or "weekly" => amount * 52 / 12,
        "day" or "daily" => amount * 365 / 12,
        "hour" or "hr" or "h" or "hourly" => amount * HoursPerMonth,
        _ => amount,
    };

    /// <summary>Finds how the hardware is paid for, when stated.</summary>
    /// <remarks>Buying hardware is a purchase even when it will run on-premises; a move to the cloud stated after both wins.</remarks>
    public static DeploymentModel? FindDeploymentModel(string text)
    {
        static int Last(Regex regex, string text) => regex.Matches(text) is { Count: > 0 } m ? m[^1].Index : -1;
        var owned = Math.Max(Math.Max(Last(Owned(), text), Last(OwnedInOtherWords(), text)), Last(OwnedHardware(), text));
        var purchase = Math.Max(Last(Purchase(), text), Last(PurchaseOther(), text));
        var cloud = Last(Cloud(), text);
        if (cloud > Math.Max(owned, purchase))
        {
            return null;
        }

        return purchase >= 0 ? DeploymentModel.Purchase : owned >= 0 ? DeploymentModel.Owned : null;
    }
}
