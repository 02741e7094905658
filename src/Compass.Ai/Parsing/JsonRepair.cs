using System.Text;
using System.Text.Json;

namespace Compass.Ai.Parsing;

/// <summary>
/// Reads the JSON object in an LLM answer, repairing only what can be repaired without guessing: a markdown code fence
/// around it, prose before or after it (the first object that parses is taken), and an object cut off mid-way, which
/// is closed after its last complete value (a number, string or literal at the cut is dropped, since it may be
/// incomplete: "50" may have been "5000"). Unquoted keys, single quotes and other malformed JSON are not guessed at.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
internal static class JsonRepair
{
    /// <summary>The deepest nesting read.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most candidate objects tried in one answer.</summary>
    private const int MaxCandidates = 16;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = MaxDepth,
    };

    /// <summary>Reads the JSON object in an answer.</summary>
    /// <param name="answer">The LLM's answer.</param>
    /// <returns>The object and its repairs, or the reason it could not be read.</returns>
    public static JsonRepairResult Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.Trim().TrimStart('\uFEFF');
        if (text.Length == 0)
        {
            return JsonRepairResult.Fail("the answer was empty");
        }

        if (TryParseObject(text, out var root))
        {
            return JsonRepairResult.Ok(root, []);
        }

        var repairs = new List<string>();
        if (StripFence(text) is { } inner)
        {
            repairs.Add("removed a markdown code fence");
            text = inner.Trim();
            if (TryParseObject(text, out root))
            {
                return JsonRepairResult.Ok(root, repairs);
            }
        }

        var start = text.IndexOf('{', StringComparison.Ordinal);
        for (var attempt = 0; start >= 0 && attempt < MaxCandidates; attempt++)
        {
            var scan = Scan(text, start);
            if (scan.Kind == ScanKind.Complete)
            {
                if (TryParseObject(text[start..(scan.End + 1)], out root))
                {
                    if (start > 0 || scan.End < text.Length - 1)
                    {
                        repairs.Add("took the first JSON object in the answer and ignored the text around it");
                    }

                    return JsonRepairResult.Ok(root, repairs);
                }
            }
            else if (scan.Kind == ScanKind.Truncated)
            {
                if (scan.SafeEnd < 0 || !TryParseObject(text[start..scan.SafeEnd] + scan.Closers, out root))
                {
                    return JsonRepairResult.Fail("the answer was cut off before its first complete value", repairs);
                }

                if (start > 0)
                {
                    repairs.Add("ignored the text before the JSON object");
                }

                repairs.Add("closed a JSON object that was cut off (fields after the cut are missing)");
                return JsonRepairResult.Ok(root, repairs, truncated: true);
            }

            start = text.IndexOf('{', start + 1);
        }

        return JsonRepairResult.Fail(text.Contains('{', StringComparison.Ordinal) ? "the JSON in the answer is malformed" : "the answer holds no JSON object", repairs);
    }

    /// <summary>Parses text that must be exactly one JSON object.</summary>
    /// <param name="text">The text.</param>
    /// <param name="root">The object, detached from the parser's buffers.</param>
    /// <returns><see langword="true"/> when it is one.</returns>
    public static bool TryParseObject(string text, out JsonElement root)
    {
        root = default;
        try
        {
            using var document = JsonDocument.Parse(text, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Returns what is inside the first markdown code fence (to the end when the closing fence is missing), or null.</summary>
    private static string? StripFence(string text)
    {
        var open = text.IndexOf("```", StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        // Skip the info string ("json") to the end of the fence's line.
        var body = open + 3;
        while (body < text.Length && text[body] != '\n' && text[body] != '{')
        {
            body++;
        }

        var close = text.IndexOf("```", body, StringComparison.Ordinal);
        return close < 0 ? text[body..] : text[body..close];
    }

    /// <summary>
    /// Walks one JSON value from an opening brace: where it ends if complete; otherwise where the last complete value
    /// inside it ends and the brackets that close it there.
    /// </summary>
    private static ScanResult Scan(string text, int start)
    {
        var frames = new List<Frame>();
        var safeEnd = -1;
        var closers = string.Empty;
        void MarkSafe(int end)
        {
            safeEnd = end;
            var builder = new StringBuilder(frames.Count);
            for (var k = frames.Count - 1; k >= 0; k--)
            {
                builder.Append(frames[k].IsObject ? '}' : ']');
            }

            closers = builder.ToString();
        }

        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (frames.Count == 0)
            {
                if (c != '{')
                {
                    return ScanResult.Malformed;
                }

                // No safe point yet: an object cut before its first complete value is not worth reading.
                frames.Add(new Frame(true, Expect.Key));
                i++;
                continue;
            }

            var top = frames[^1];
            switch (top.Expect)
            {
                case Expect.Key when c == '"':
                    var keyEnd = StringEnd(text, i);
                    if (keyEnd < 0)
                    {
                        return ScanResult.Truncated(safeEnd, closers);
                    }

                    frames[^1] = top with { Expect = Expect.Colon };
                    i = keyEnd + 1;
                    break;
                case Expect.Key when c == '}':
                case Expect.Value when c == ']' && !top.IsObject:
                case Expect.CommaOrEnd when c == (top.IsObject ? '}' : ']'):
                    frames.RemoveAt(frames.Count - 1);
                    if (frames.Count == 0)
                    {
                        return ScanResult.Complete(i);
                    }

                    frames[^1] = frames[^1] with { Expect = Expect.CommaOrEnd };
                    i++;
                    MarkSafe(i);
                    break;
                case Expect.Colon when c == ':':
                    frames[^1] = top with { Expect = Expect.Value };
                    i++;
                    break;
                case Expect.CommaOrEnd when c == ',':
                    frames[^1] = top with { Expect = top.IsObject ? Expect.Key : Expect.Value };
                    i++;
                    break;
                case Expect.Value when c is '{' or '[':
                    if (frames.Count >= MaxDepth)
                    {
                        return ScanResult.Malformed;
                    }

                    frames[^1] = top with { Expect = Expect.CommaOrEnd };
                    frames.Add(c == '{' ? new Frame(true, Expect.Key) : new Frame(false, Expect.Value));
                    i++;
                    break;
                case Expect.Value when c == '"':
                    var valueEnd = StringEnd(text, i);
                    if (valueEnd < 0)
                    {
                        return ScanResult.Truncated(safeEnd, closers);
                    }

                    frames[^1] = top with { Expect = Expect.CommaOrEnd };
                    i = valueEnd + 1;
                    MarkSafe(i);
                    break;
                case Expect.Value when char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.':
                    // A number or literal is complete only when a delimiter follows it.
                    var end = i;
                    while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '-' or '+' or '.'))
                    {
                        end++;
                    }

                    if (end == text.Length)
                    {
                        return ScanResult.Truncated(safeEnd, closers);
                    }

                    frames[^1] = top with { Expect = Expect.CommaOrEnd };
                    i = end;
                    MarkSafe(i);
                    break;
                default:
                    return ScanResult.Malformed;
            }
        }

        return ScanResult.Truncated(safeEnd, closers);
    }

    /// <summary>Returns the index of the quote that closes the string opened at <paramref name="open"/>, or -1 at the end of the text.</summary>
    private static int StringEnd(string text, int open)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    private enum Expect
    {
        Key,
        Colon,
        Value,
        CommaOrEnd,
    }

    private enum ScanKind
    {
        Complete,
        Truncated,
        Malformed,
    }

    private readonly record struct Frame(bool IsObject, Expect Expect);

    private readonly record struct ScanResult(ScanKind Kind, int End, int SafeEnd, string Closers)
    {
        public static ScanResult Malformed => new(ScanKind.Malformed, -1, -1, string.Empty);

        public static ScanResult Complete(int end) => new(ScanKind.Complete, end, -1, string.Empty);

        public static ScanResult Truncated(int safeEnd, string closers) => new(ScanKind.Truncated, -1, safeEnd, closers);
    }
}
