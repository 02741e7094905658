namespace Compass.Core.Knowledge;

/// <summary>Normalization and edit distance for matching names people type against catalog names, and "did you mean" suggestions.</summary>
public static class NameMatching
{
    /// <summary>
    /// Reduces a model name to lower-case letters and digits, drops the organization and an "instruct"/"chat"/"it" suffix:
    /// "meta-llama/Llama-3.1-8B-Instruct", "llama 3.1 8b" and "llama3.1:8b" all become "llama318b".
    /// </summary>
    /// <param name="text">The name.</param>
    /// <returns>The normalized key.</returns>
    public static string NormalizeModel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        var key = new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        foreach (var suffix in new[] { "instruct", "chat", "it" })
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length + 2)
            {
                key = key[..^suffix.Length];
                break;
            }
        }

        return key;
    }

    /// <summary>Edit distance (optimal string alignment: insert, delete, substitute, swap neighbours), for "did you mean" suggestions.</summary>
    /// <param name="a">One string.</param>
    /// <param name="b">The other.</param>
    /// <returns>The number of single-character edits and adjacent swaps between them.</returns>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // Optimal string alignment: Levenshtein plus adjacent transpositions ("tpo" is one edit from "top").
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], before[j - 2] + 1);
                }
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }

    /// <summary>Returns the candidates closest to <paramref name="key"/>, best first, within a distance that grows with the length.</summary>
    /// <param name="key">What was typed (normalized the same way as the candidates' keys).</param>
    /// <param name="candidates">Each candidate's key and the text to show for it.</param>
    /// <param name="max">The most suggestions to return.</param>
    /// <returns>The suggestions.</returns>
    public static IReadOnlyList<string> Closest(string key, IEnumerable<(string Key, string Display)> candidates, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(candidates);
        var limit = Math.Max(2, key.Length / 3);
        var scored = candidates
            .Select(c => (c.Display, Distance: Math.Min(Distance(key, c.Key), c.Key.StartsWith(key, StringComparison.Ordinal) && key.Length >= 2 ? 1 : int.MaxValue)))
            .Where(c => c.Distance <= limit)
            .ToArray();
        if (scored.Length == 0)
        {
            return [];
        }

        // Only the closest names: "H10" suggests H100, not also A10G.
        var best = scored.Min(c => c.Distance);
        return scored.Where(c => c.Distance == best)
            .Select(c => c.Display)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Take(max)
            .ToArray();
    }
}
