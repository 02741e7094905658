using System.Globalization;
using System.Text;

namespace Compass.Planning.Intent;

/// <summary>
/// Turns a description into the sparse features the use-case model reads: words, adjacent word pairs and the 3–5
/// character pieces of each longer word (so that typos, inflections and related words in other languages share
/// features), lower-cased with accents removed, scaled to unit length.
/// </summary>
internal static class UseCaseFeatures
{
    // U+00C0 to U+017F, lower-cased and without accents; letters with no plain ASCII form (æ, ß, þ, œ) stay as they are.
    private const string LatinFolds =
        "aaaaaaæceeeeiiiiðnooooo×ouuuuyþßaaaaaaæceeeeiiiiðnooooo÷ouuuuyþyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiĳĳjjkkĸllllllŀŀllnnnnnnŉŋŋooooooœœrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

    /// <summary>Counts of each feature in <paramref name="text"/>, added into <paramref name="into"/> times <paramref name="weight"/>.</summary>
    public static void Add(string text, double weight, Dictionary<string, double> into)
    {
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            Increment(into, "w:" + word, weight);
            if (i > 0)
            {
                Increment(into, "b:" + words[i - 1] + "_" + word, weight);
            }

            if (word.Length > 3)
            {
                var padded = "<" + word + ">";
                for (var n = 3; n <= 5; n++)
                {
                    for (var start = 0; start + n <= padded.Length; start++)
                    {
                        Increment(into, string.Concat("c:", padded.AsSpan(start, n)), weight);
                    }
                }
            }
        }
    }

    /// <summary>The features of a message and, at the given weight, of earlier user messages, scaled to unit length.</summary>
    public static Dictionary<string, double> Of(string text, IEnumerable<string> earlier, double earlierWeight)
    {
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(text, 1, features);
        foreach (var turn in earlier)
        {
            Add(turn, earlierWeight, features);
        }

        var length = Math.Sqrt(features.Values.Sum(v => v * v));
        if (length > 0)
        {
            foreach (var key in features.Keys.ToArray())
            {
                features[key] /= length;
            }
        }

        return features;
    }

    /// <summary>The words of a text, lower-cased without accents; every number ("7", "2.5", "1,000") is the one word "0".</summary>
    public static List<string> Words(string text)
    {
        var folded = text.ToLowerInvariant();
        var words = new List<string>();
        var current = new StringBuilder();
        var digits = false;
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(digits ? "0" : current.ToString());
                current.Clear();
            }

            digits = false;
        }

        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (digits && c is '.' or ',' && i + 1 < folded.Length && char.IsDigit(folded[i + 1]))
            {
                // "2.5" and "1,000" are one number.
                continue;
            }

            if (char.IsDigit(c))
            {
                if (current.Length > 0 && !digits)
                {
                    Flush();
                }

                digits = true;
                current.Append(c);
            }
            else if (char.IsLetter(c))
            {
                if (digits)
                {
                    Flush();
                }

                current.Append(Fold(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // A combining accent belongs to the letter before it, which has already been taken without it.
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;
    }

    /// <summary>
    /// A Latin letter without its accent ("é" → "e", "ł" → "l"). A table, not Unicode normalization: Compass runs with
    /// invariant globalization, where <see cref="string.Normalize()"/> leaves non-ASCII text as it is.
    /// </summary>
    private static char Fold(char c) => c is >= '\u00c0' and < '\u0180' ? LatinFolds[c - '\u00c0'] : c;

    private static void Increment(Dictionary<string, double> into, string key, double weight)
        => into[key] = into.GetValueOrDefault(key) + weight;
}
