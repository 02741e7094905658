using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Compass.Planning.Intent;

/// <summary>
/// Reads the numbers people write: digits with separators ("25,000", "2.5"), suffixes ("5k", "1.2M") and words
/// ("two thousand", "twenty-five thousand", "a hundred", "a dozen"), in English and a few other languages' basics.
/// </summary>
internal static partial class NumberParser
{
    private static readonly FrozenDictionary<string, long> Units = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,

        // The small numbers of the other languages prompts come in, where the word cannot be read as English or another
        // language's everyday word ("sex", "fire", "to", "ni", "elf", "once", "due", "cent" are left out).
        ["zwei"] = 2, ["drei"] = 3, ["vier"] = 4, ["fünf"] = 5, ["sechs"] = 6, ["sieben"] = 7, ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10, ["zwölf"] = 12, ["fünfzehn"] = 15, ["zwanzig"] = 20, ["dreißig"] = 30, ["vierzig"] = 40, ["fünfzig"] = 50, ["två"] = 2, ["fyra"] = 4, ["fem"] = 5, ["sju"] = 7, ["åtta"] = 8, ["nio"] = 9, ["tio"] = 10, ["elva"] = 11, ["tolv"] = 12, ["femton"] = 15, ["tjugo"] = 20, ["trettio"] = 30, ["fyrtio"] = 40, ["femtio"] = 50, ["seks"] = 6, ["syv"] = 7, ["otte"] = 8, ["åtte"] = 8, ["elleve"] = 11, ["femten"] = 15, ["tyve"] = 20, ["tjue"] = 20, ["tretti"] = 30, ["tredive"] = 30, ["førti"] = 40, ["fyrre"] = 40, ["femti"] = 50, ["deux"] = 2, ["trois"] = 3, ["quatre"] = 4, ["cinq"] = 5, ["sept"] = 7, ["huit"] = 8, ["neuf"] = 9, ["dix"] = 10, ["onze"] = 11, ["douze"] = 12, ["quinze"] = 15, ["vingt"] = 20, ["trente"] = 30, ["quarante"] = 40, ["cinquante"] = 50, ["tres"] = 3, ["cuatro"] = 4, ["cinco"] = 5, ["seis"] = 6, ["siete"] = 7, ["ocho"] = 8, ["nueve"] = 9, ["diez"] = 10, ["doce"] = 12, ["veinte"] = 20, ["treinta"] = 30, ["cuarenta"] = 40, ["cincuenta"] = 50, ["dois"] = 2, ["duas"] = 2, ["quatro"] = 4, ["sete"] = 7, ["oito"] = 8, ["nove"] = 9, ["dez"] = 10, ["doze"] = 12, ["vinte"] = 20, ["trinta"] = 30, ["quarenta"] = 40, ["cinquenta"] = 50, ["quattro"] = 4, ["cinque"] = 5, ["sette"] = 7, ["otto"] = 8, ["dieci"] = 10, ["dodici"] = 12, ["quindici"] = 15, ["venti"] = 20, ["trenta"] = 30, ["quaranta"] = 40, ["twee"] = 2, ["drie"] = 3, ["vijf"] = 5, ["zes"] = 6, ["zeven"] = 7, ["negen"] = 9, ["tien"] = 10, ["twaalf"] = 12, ["vijftien"] = 15, ["twintig"] = 20, ["dertig"] = 30, ["veertig"] = 40, ["vijftig"] = 50,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, long> Scales = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A number in digits, with optional thousands separators, decimals and a k/m/b suffix.</summary>
    public const string DigitsPattern = @"\d{1,3}(?:[,_ \u00A0\u202F]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

    /// <summary>A number in words, e.g. "twenty-five thousand" or "a few hundred".</summary>
    public const string WordsPattern = "(?:" + NumberWord + @")\b(?:[\s-]+(?:and[\s-]+)?(?:" + NumberWord + @")\b)*";

    private const string NumberWord =
        "an?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|hundred|thousand|million|billion|"
        + "cinquante|cincuenta|cinquenta|fünfzehn|quarante|cuarenta|quarenta|quindici|quaranta|vijftien|zwanzig|dreißig|vierzig|fünfzig|trettio|tredive|treinta|quattro|twintig|veertig|vijftig|sieben|femton|fyrtio|femtio|elleve|femten|tretti|quatre|quinze|trente|cuatro|veinte|quatro|trinta|cinque|dodici|trenta|twaalf|dertig|sechs|zwölf|tjugo|førti|fyrre|femti|trois|douze|vingt|cinco|siete|nueve|vinte|sette|dieci|venti|zeven|negen|zwei|drei|vier|fünf|acht|neun|zehn|fyra|åtta|elva|tolv|seks|otte|åtte|tyve|tjue|deux|cinq|sept|huit|neuf|onze|tres|seis|ocho|diez|doce|dois|duas|sete|oito|nove|doze|otto|twee|drie|vijf|tien|två|fem|sju|nio|tio|syv|dix|dez|zes";

    /// <summary>Parses digits with an optional suffix ("5k", "2.5 M", "25,000").</summary>
    public static double? ParseDigits(string digits, string? suffix)
    {
        var clean = digits.Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u00A0", string.Empty, StringComparison.Ordinal).Replace("\u202F", string.Empty, StringComparison.Ordinal);
        if (!double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return (suffix ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant() switch
        {
            "man" or "万" or "萬" or "만" => value * 10_000,
            "千" or "천" or "alf" or "ألف" or "الف" => value * 1_000,
            "juta" => value * 1_000_000,
            "k" or "thousand" or "thousands" or "ribu" or "tysięcy" or "tys" or "tys." or "bin" or "hazar" or "hazaar" or "mil" or "tsd" or "tausend" or "mille" or "mila" => value * 1_000,
            "lakh" or "lakhs" or "lac" or "lacs" => value * 100_000,
            "crore" or "crores" => value * 10_000_000,
            "m" or "mm" or "mn" or "million" or "millions" or "mio" or "millionen" or "millones" or "milhões" or "milhoes" => value * 1_000_000,
            "b" or "bn" or "billion" or "billions" => value * 1_000_000_000,
            _ => value,
        };
    }

    /// <summary>Parses a number written in words; null when the words are not a number.</summary>
    public static long? ParseWords(string words)
    {
        var tokens = WordSplit().Split(words.Trim().ToLowerInvariant()).Where(t => t.Length > 0 && t != "and").ToArray();
        if (tokens.Length == 0 || tokens.All(t => t is "a" or "an"))
        {
            return null;
        }

        long total = 0, current = 0;
        var any = false;
        foreach (var token in tokens)
        {
            if (token is "a" or "an")
            {
                // "a hundred", "a dozen": the scale that follows supplies the value.
            }
            else if (token == "dozen")
            {
                current = Math.Max(current, 1) * 12;
                any = true;
            }
            else if (Units.TryGetValue(token, out var unit))
            {
                current += unit;
                any = true;
            }
            else if (token == "hundred")
            {
                current = Math.Max(current, 1) * 100;
                any = true;
            }
            else if (Scales.TryGetValue(token, out var scale))
            {
                total += Math.Max(current, 1) * scale;
                current = 0;
                any = true;
            }
            else
            {
                return null;
            }
        }

        return any ? total + current : null;
    }

    [GeneratedRegex(@"[\s-]+")]
    private static partial Regex WordSplit();
}
