namespace Compass.Core.Knowledge;

/// <summary>Normalization and edit distance for matching names people type against catalog names.</summary>
internal static class NameMatching
{
    /// <summary>
    /// Reduces a model name to lower-case letters and digits, drops the organization and an "instruct"/"chat"/"it" suffix:
    /// "meta-llama/Llama-3.1-8B-Instruct", "llama 3.1 8b" and "llama3.1:8b" all become "llama318b".
    /// </summary>
    public static string NormalizeModel(string text)
    {
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

    /// <summary>Levenshtein distance, for "did you mean" suggestions.</summary>
    public static int Distance(string a, string b)
    {
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
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Returns the candidates closest to <paramref name="key"/>, best first, within a distance that grows with the length.</summary>
    public static IReadOnlyList<string> Closest(string key, IEnumerable<(string Key, string Display)> candidates, int max = 3)
    {
        var limit = Math.Max(2, key.Length / 3);
        return candidates
            .Select(c => (c.Display, Distance: Math.Min(Distance(key, c.Key), c.Key.StartsWith(key, StringComparison.Ordinal) && key.Length >= 2 ? 1 : int.MaxValue)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Select(c => c.Display)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .ToArray();
    }
}
