namespace Compass.Simulator.Text;

/// <summary>
/// A deterministic stand-in for a real tokenizer, close enough for timing: whitespace attaches to the token after it; a
/// run of letters or digits is one token per started 6 characters; every other character (punctuation, symbols) is a
/// token of its own. English prose comes out near 1.3 tokens per word (about 4 characters per token), as BPE vocabularies give.
/// </summary>
internal static class ApproximateTokenizer
{
    private const int MaxWordPiece = 6;

    /// <summary>Splits text into tokens whose concatenation is the text.</summary>
    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (!SkipToken(text, ref i))
            {
                // Trailing whitespace joins the last token (or is the only one).
                if (tokens.Count > 0)
                {
                    tokens[^1] += text[start..];
                }
                else
                {
                    tokens.Add(text[start..]);
                }

                break;
            }

            tokens.Add(text[start..i]);
        }

        return tokens;
    }

    /// <summary>Counts the tokens of a text, as <see cref="Split"/> would cut it, without cutting it.</summary>
    public static int Count(string text)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!SkipToken(text, ref i))
            {
                return Math.Max(count, 1);
            }

            count++;
        }

        return count;
    }

    /// <summary>Moves <paramref name="i"/> past the next token and the whitespace before it; false when only whitespace was left.</summary>
    private static bool SkipToken(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i == text.Length)
        {
            return false;
        }

        if (char.IsLetterOrDigit(text[i]))
        {
            var pieceStart = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]) && i - pieceStart < MaxWordPiece)
            {
                i++;
            }
        }
        else
        {
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
        }

        return true;
    }
}
