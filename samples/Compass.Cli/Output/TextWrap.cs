namespace Compass.Cli.Output;

/// <summary>Wraps prose at word boundaries to a width, with a hanging indent for the lines after the first.</summary>
internal static class TextWrap
{
    public static IEnumerable<string> Lines(string text, int width, string firstIndent, string nextIndent)
    {
        var line = firstIndent;
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var room = width - line.Length - (empty ? 0 : 1);
                if (rest.Length <= room)
                {
                    line += (empty ? string.Empty : " ") + rest;
                    empty = false;
                    break;
                }

                if (!empty)
                {
                    yield return line;
                    line = nextIndent;
                    empty = true;
                    continue;
                }

                // A word longer than the line (a URL, a model id): cut it where the line ends.
                var take = Math.Max(1, width - line.Length);
                yield return line + rest[..Math.Min(take, rest.Length)];
                rest = rest[Math.Min(take, rest.Length)..];
                line = nextIndent;
            }
        }

        if (!empty)
        {
            yield return line;
        }
    }

    public static void Write(TextWriter writer, string text, int width, string firstIndent, string nextIndent)
    {
        foreach (var line in Lines(text, width, firstIndent, nextIndent))
        {
            writer.WriteLine(line);
        }
    }
}
