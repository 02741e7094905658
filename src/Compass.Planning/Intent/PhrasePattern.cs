using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Compass.Planning.Intent;

/// <summary>
/// A phrase regex that is built and run only when the text holds the literal every match of it must contain
/// (<see cref="RequiredLiteral"/>): the classifier has some two hundred phrases and a description matches a few of them,
/// so most are never built in a process (docs/performance.md, "Self-contained composite ReadyToRun").
/// </summary>
internal sealed class PhrasePattern
{
    // Characters that an ignore-case regex matches against a different ASCII letter (Kelvin sign, long s, dotted and
    // dotless i): where one appears, the ordinal comparison is not a safe filter and the regex always runs.
    private static readonly SearchValues<char> CaseFoldingOutliers = SearchValues.Create("\u212A\u017F\u0130\u0131");
    private readonly Lazy<Regex> _regex;

    public PhrasePattern(string pattern, RegexOptions options)
    {
        Pattern = pattern;
        RequiredLiteral = FindRequiredLiteral(pattern);
        _regex = new Lazy<Regex>(() => new Regex(pattern, options));
    }

    /// <summary>The regular expression's text.</summary>
    public string Pattern { get; }

    /// <summary>A run of ASCII letters, digits and spaces that every match contains, or null when none is known.</summary>
    public string? RequiredLiteral { get; }

    /// <summary>The regex, built on first use.</summary>
    public Regex Regex => _regex.Value;

    /// <summary>Whether the regex can match the text at all.</summary>
    public bool MayMatch(string text)
        => RequiredLiteral is null || text.AsSpan().ContainsAny(CaseFoldingOutliers) || text.Contains(RequiredLiteral, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The longest run (at least three characters) of plain characters outside every group, class and alternation, none
    /// of them made optional by a quantifier; null when the pattern has a top-level alternation or no such run.
    /// </summary>
    internal static string? FindRequiredLiteral(string pattern)
    {
        string? best = null;
        var run = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (depth > 0)
            {
                // Inside a group: only its nesting matters (an alternation there does not make the outside optional).
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '[')
                {
                    i = SkipClass(pattern, i);
                }
                else
                {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                }

                continue;
            }

            switch (c)
            {
                case '|':
                    return null;
                case '(':
                    Flush();
                    depth++;
                    break;
                case '[':
                    Flush();
                    i = SkipClass(pattern, i);
                    break;
                case '?' or '*':
                    // The atom before is optional: a literal run loses its last character.
                    DropLast();
                    Flush();
                    break;
                case '{':
                    DropLast();
                    Flush();
                    while (i < pattern.Length && pattern[i] != '}')
                    {
                        i++;
                    }

                    break;
                case '\\':
                    Flush();
                    i++;
                    if (i < pattern.Length && pattern[i] is 'p' or 'P' && i + 1 < pattern.Length && pattern[i + 1] == '{')
                    {
                        while (i < pattern.Length && pattern[i] != '}')
                        {
                            i++;
                        }
                    }

                    break;
                default:
                    if (char.IsAsciiLetterOrDigit(c) || c == ' ')
                    {
                        run.Append(c);
                    }
                    else
                    {
                        Flush();
                    }

                    break;
            }
        }

        Flush();
        return best;

        void DropLast()
        {
            if (run.Length > 0)
            {
                run.Length--;
            }
        }

        void Flush()
        {
            if (run.Length >= 3 && run.Length > (best?.Length ?? 0))
            {
                best = run.ToString();
            }

            run.Clear();
        }
    }

    private static int SkipClass(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i += pattern[i] == '\\' ? 2 : 1;
        }

        return i;
    }
}
