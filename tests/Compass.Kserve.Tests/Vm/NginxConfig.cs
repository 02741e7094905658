namespace Compass.Kserve.Tests.Vm;

/// <summary>One nginx directive: its name, its arguments, and the directives of its block (<see langword="null"/> for a simple directive ended by ';').</summary>
internal sealed record NginxDirective(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<NginxDirective>? Block)
{
    public IEnumerable<NginxDirective> All(string name) => (Block ?? []).Where(d => d.Name == name);

    public NginxDirective Single(string name) => All(name).Single();
}

/// <summary>
/// A strict reader of nginx's configuration syntax (no nginx binary that knows the upstream <c>resolve</c> parameter is
/// installed here): comments to the end of the line, words and quoted strings, each simple directive ended by ';', each
/// block in balanced braces. Anything else is a <see cref="FormatException"/>.
/// </summary>
internal static class NginxConfig
{
    public static NginxDirective Parse(string text)
    {
        var tokens = Tokens(text).ToList();
        var position = 0;
        var top = ReadBlock(tokens, ref position, nested: false);
        return new NginxDirective("main", [], top);
    }

    private static List<NginxDirective> ReadBlock(List<string> tokens, ref int position, bool nested)
    {
        var directives = new List<NginxDirective>();
        while (position < tokens.Count)
        {
            if (tokens[position] == "}")
            {
                if (!nested)
                {
                    throw new FormatException("A '}' closes no block.");
                }

                position++;
                return directives;
            }

            var words = new List<string>();
            while (position < tokens.Count && tokens[position] is not (";" or "{" or "}"))
            {
                words.Add(tokens[position++]);
            }

            if (position == tokens.Count || tokens[position] == "}" || words.Count == 0)
            {
                throw new FormatException($"The directive '{string.Join(' ', words)}' is not ended by ';' or a block.");
            }

            if (tokens[position++] == ";")
            {
                directives.Add(new NginxDirective(words[0], words[1..], null));
            }
            else
            {
                directives.Add(new NginxDirective(words[0], words[1..], ReadBlock(tokens, ref position, nested: true)));
            }
        }

        return nested ? throw new FormatException("A block is not closed.") : directives;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is ';' or '{' or '}')
            {
                yield return c.ToString();
                i++;
            }
            else if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException("A quoted string is not closed.");
                }

                yield return text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (';' or '{' or '}' or '#'))
                {
                    i++;
                }

                yield return text[start..i];
            }
        }
    }
}
