using System.Text.RegularExpressions;

namespace Compass.Planning.Intent;

/// <summary>
/// Finds the spans of text a negation covers: from "not", "no", "isn't", "rather than", "instead of", "without"… to the
/// end of the clause (a full stop, semicolon, comma, dash, or "but"/"we want"/"it is"). "This is not code completion
/// or autocomplete, it is …" negates both names.
/// </summary>
internal static partial class Negation
{
    public static IReadOnlyList<(int Start, int End)> Scopes(string text)
    {
        var scopes = new List<(int, int)>();
        foreach (Match negator in Negator().Matches(text))
        {
            var start = negator.Index;
            var rest = text[(negator.Index + negator.Length)..];
            var boundary = ClauseEnd().Match(rest);
            var end = negator.Index + negator.Length + (boundary.Success ? boundary.Index : rest.Length);
            scopes.Add((start, end));
        }

        return scopes;
    }

    public static bool IsNegated(IReadOnlyList<(int Start, int End)> scopes, int index)
        => scopes.Any(s => index >= s.Start && index < s.End);

    [GeneratedRegex(@"\b(?:not(?!\s+(?:only|just|more|less)\b)|no(?!\s+(?:more|less|later|longer)\b)|never|isn't|isnt|aren't|don't|dont|doesn't|doesnt|dosnt|shouldn't|shouldnt|cant|can't|wont|won't|didnt|didn't|without|except|rather than|instead of|other than|nor|avoid|excluding|kein|keine|nicht|pas|sin)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negator();

    [GeneratedRegex(@"[.;!?,:\n]|\s[—–-]{1,2}\s|—|\bbut\b|\bwe (?:want|need)\b|\bit is\b|\bit's\b|\bthis is\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseEnd();
}
