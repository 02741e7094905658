using System.Text;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// Builds prompt text of about N tokens from common English words that BPE tokenizers (Llama, Qwen, GPT) encode as one
/// token each when preceded by a space. The request number leads the prompt, so no two prompts share a prefix beyond it
/// and prefix caching does not flatter the measurement.
/// </summary>
internal static class PromptText
{
    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he", "this",
        "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their", "one", "all",
        "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "time", "people",
        "year", "way", "day", "man", "thing", "world", "life", "hand", "part", "child", "eye", "place", "work", "week", "case",
        "point", "number", "group", "fact", "water", "room", "book", "story", "house", "city", "market", "system", "game",
        "light", "river", "music", "paper", "table", "plan", "model", "road", "field", "power", "money", "state", "line",
    ];

    public static string Build(int id, int tokens, Random random)
    {
        var text = new StringBuilder(tokens * 6);
        text.Append("Request ").Append(id).Append(':');
        var used = 3;
        for (var i = used; i < tokens; i++)
        {
            text.Append(' ').Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }
}
