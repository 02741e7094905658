using System.Text.RegularExpressions;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>
/// Common ways of stating a priority in languages the clause reader's English-shaped patterns miss: Chinese, Japanese and
/// Korean (written without spaces, so no word boundaries), Arabic and its Latin transliteration, Hindi in Latin letters,
/// Tagalog, Malay and Indonesian, Vietnamese and the Romance, Germanic and Slavic languages' everyday words. Read only for
/// an aspect nothing else settled.
/// </summary>
internal static partial class PriorityLexicon
{
    /// <summary>What the lexicon reads in a text, per aspect; <see langword="null"/> where it found nothing.</summary>
    public static (Priority? Latency, Priority? Cost, Priority? Accuracy) Read(string text)
        => (Pick(text, LatencyLow(), LatencyHigh()), Pick(text, CostLow(), CostHigh()), Pick(text, AccuracyLow(), AccuracyHigh()));

    // A relaxed statement wins over a strict word nearby ("慢一点没关系，但代码质量一定要高" is about speed being relaxed).
    private static Priority? Pick(string text, Regex low, Regex high)
        => low.IsMatch(text) ? Priority.Low : high.IsMatch(text) ? Priority.High : null;

    [GeneratedRegex(@"要快|\d+(?:\.\d+)?\s?초 ?(?:안에|이내)|\d+(?:\.\d+)?秒(?:以内|内|之内|を超え)|几秒(?:内|之内|以内)|快速(?:回复|响应|回答)|回复.{0,2}快|不能让人.{0,2}等|即时|实时|马上|立即|立刻|毫秒以内|すぐ|即座|リアルタイム|素早|待たせ|ミリ秒以内|빠르게|빨리|바로 |즉시|실시간|기다리게|끝나자마자|끝나면 바로"
        + @"|(?<!\p{L})(?:lynrask\w*|lynhurtig\w*|blixtsnabb\w*|med det samme|med en gang|omedelbart|umiddelbart|straks|velocissim\w*|rapidissim\w*|subito|in tempo reale|sem demora|sans attendre|tout de suite|sofort|meteen|direct antwoord|od razu|natychmiast\w*|hemen|anında|mabilis|agad|pantas|segera|cepat|nhanh|ngay lập tức|jaldi|turant|fauran|type karte hi|sokudo no h[oō]u? ga (?:daiji|juuyou|taisetsu)|bsor3a|besor3a|sari3|enseguida|en seguida|de inmediato|al instante|inmediatamente|komma direkt|kommen direkt|svara direkt|vlot|snel|snelle|opóźnieni\w* (?:musi być |ma być )?minimaln\w*|minimalne opóźnienie)(?!\p{L})"
        + @"|سريع|بسرعة|فوراً|فورا|فوري", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LatencyHigh();

    [GeneratedRegex(@"慢一点没关系|比速度更重要|数分待つ|待つのは問題ありません|待っても(?:問題|大丈夫)|لا مشكلة إن استغرق|慢点没关系|慢也没关系|速度无所谓|不着急|不急|第二天|次日|明天早上|隔天|夜间|夜間|翌朝|翌日|急ぎません|急がない|時間がかかっても(?:構いません|大丈夫|いい)|バッチで構いません|느려도 (?:괜찮|됩니다)|급하지 않|천천히|다음 날|내일 아침|야간"
        + @"|(?<!\p{L})(?:nessuna fretta|senza fretta|es darf dauern|darf (?:ruhig )?dauern|non c'è fretta|entro la settimana|time lage (?:toh|to) lage|no corre prisa|sin prisa|sem pressa|pas press[ée]|keine eile|geen haast|nie ma pośpiechu|acele yok|hindi nagmamadali|tidak perlu cepat|tidak terburu|không cần nhanh|koi jaldi nahi|time lage to (?:bhi )?(?:koi baat nahi|chalega|theek)|der (?:lage|lagegi) to (?:bhi )?(?:chalega|theek)|kal subah tak)(?!\p{L})"
        + @"|لا داعي للسرعة|ليس مستعجلا", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LatencyLow();

    [GeneratedRegex(@"成本越低越好|预算(?:很|非常|比较)?紧|能省则省|成本.{0,4}(?:低|省)|省钱|便宜|预算有限|费用.{0,3}低|コスト.{0,6}(?:抑え|低|安)|安く|安価|費用を抑え|費用は.{0,6}抑え|비용.{0,6}(?:낮|최소|줄이|아끼|가장 중요|제일 중요)|저렴|싸게"
        + @"|비용이 적게|(?<!\p{L})(?:chi phí[\p{L} ]{0,15}(?:phải|cần) thấp|(?:não|no) (?:pode|puede|debe|deve) (?:sair|salir|ser) car[oa]|que no salga car[oa]|non deve costare (?:troppo|molto)|costi contenuti|mag niet veel kosten|goedkoop|tani\w*|ucuz|murah|rẻ|chi phí càng thấp càng tốt|sasta|kam (?:kharch|kharcha|cost)|bill chhota|bill jitna (?:chhota|kam)|hindi masyadong mahal|mura|rkhees|r5ees|ra5ees|budget is little|the budget is small)(?!\p{L})"
        + @"|رخيص|بتكلفة منخفضة|أقل تكلفة|التكلفة منخفضة", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CostHigh();

    [GeneratedRegex(@"成本无所谓|不差钱|不在乎成本|预算充足|コストは(?:問題|気にし)|予算は気にし|비용은 (?:크게 )?(?:상관없|신경 쓰지|문제가 되지)"
        + @"|(?<!\p{L})(?:il costo non (?:è|e) un problema|el costo no importa|o custo não importa|kosten spielen keine rolle|geld speelt geen rol|prêts? à payer|payer ce qu'il faut|koszt nie gra roli|about the cost we don'?t worry|cost isn'?t a worry|rounding error|bill is irrelevant|cost is frankly irrelevant)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CostLow();

    [GeneratedRegex(@"准确性第一|质量比.{0,6}更重要|准确|精确|质量.{0,4}高|质量(?:第一|最重要)|不能出错|正確|精度|品質.{0,4}(?:高|重要|第一)|間違い(?:は許され|があっては)|정확|품질이 (?:제일|가장) 중요|품질을? ?최우선|falsche\w* [\p{L} ]{0,40}(?:katastrophe|gefährlich|inakzeptabel)|틀린 답|틀리면 안|오류가 (?:없어야|나면 안)"
        + @"|品質.{0,8}大事|何よりも大事|(?<!\p{L})(?:(?:devono|deve) essere (?:giust[eiao]|corrett[eiao]|esatt[eiao])|(?:kvalitet|precision\w*|noggrannhet\w*) (?:är det viktigaste|går före)|(?:musi|muszą|powinno) być (?:dokładn\w+|poprawn\w+|bezbłędn\w+)|jakość[\p{L} ]{0,25}ważniejsza|(?:må|skal) være (?:riktig\w*|korrekt\w*|nøyaktig\w*|nøjagtig\w*|præcis\w*|presis\w*)|koste liv|(?:tem|têm|deve|devem) (?:de |que )?(?:estar|ser) cert[ao]s?|(?:tem|deve|debe|tiene) que ser exat[ao]|exat[ao]s?|exact[ao]s?|precis(?:os|as)|(?:sea|ser|muy|más|bien) precis[ao]|doğru olması|hauptsache die angaben stimmen|nada de respuesta inventada|não pode haver erro|não pode ter erro|no puede haber errores?|yanlış bilgi olmamalı|hata olmamalı|nada de resposta inventada|sin errores|sem erros|senza errori|qualità prima|qualität geht vor|kwaliteit gaat voor|dokładność jest najważniejsza|doğruluk|akurat|chính xác|galat (?:[\p{L} ]{0,20})?bilkul nahi|sahi hona chahiye|tama dapat)(?!\p{L})"
        + @"|الدقة|دقيق", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccuracyHigh();

    [GeneratedRegex(@"大概|差不多就行|ざっくり|大まか|대충|대략적"
        + @"|(?<!\p{L})(?:(?:ufak|küçük) hata\w*[\p{L} ]{0,20}sorun değil|rough (?:idea|sense|english|versions?|translations?)|slightly (?:off|wrong) is fine|nobody cares|polish doesn'?t|doesn'?t need to read nicely|basta (?:un'?idea|l'idea)|más o menos|mais ou menos|grob reicht|hoeft niet perfect|não precisa (?:de )?ser perfeit[oa]|no tiene que ser perfect[oa]|muss nicht perfekt sein|pas besoin d'être parfait|non deve essere perfett[oa])(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccuracyLow();
}
