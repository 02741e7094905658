using System.Collections.Concurrent;
using System.Text;
using Compass.Core;

namespace Compass.Simulator.Text;

/// <summary>Decides what a request answers: the natural text of the response mode, cut to max_tokens, stretched by ignore_eos, cut at a stop string.</summary>
internal sealed class ResponseGenerator(ResponseMode mode, string useCase, int seed, TokenDistribution? outputLengths)
{
    // The text a canned or lorem answer repeats, split once rather than on every request.
    private readonly List<string> _unit = ApproximateTokenizer.Split(mode == ResponseMode.Canned ? CannedAnswers.For(useCase) : CannedAnswers.Lorem + " ");

    // Answers of a drawn length, tokenized once per length: lengths cluster around the use case's mean.
    private readonly ConcurrentDictionary<int, List<string>> _byLength = new();

    public PlannedOutput Plan(string promptText, int maxTokens, bool ignoreEos, IReadOnlyList<string> stop)
    {
        var natural = mode == ResponseMode.Echo ? ApproximateTokenizer.Split(promptText) : OfLength(DrawLength(promptText));
        if (natural.Count == 0 || natural.All(string.IsNullOrWhiteSpace))
        {
            natural = ApproximateTokenizer.Split(CannedAnswers.Lorem);
        }

        var stretch = ignoreEos || natural.Count > maxTokens;
        return CutAtStop(natural, stretch ? maxTokens : natural.Count, stretch ? "length" : "stop", stop);
    }

    private static PlannedOutput CutAtStop(List<string> unit, int count, string finish, IReadOnlyList<string> stop)
    {
        if (stop.Count == 0)
        {
            return new PlannedOutput(new RepeatedTokens(unit, count, null), finish);
        }

        // The answer is a prefix of the unit's text repeated, so a stop string that occurs in it at all first starts
        // within one unit's length: only that window is searched, never the whole answer.
        var unitLength = unit.Sum(t => (long)t.Length);
        var longest = stop.Max(s => s?.Length ?? 0);
        var window = new StringBuilder();
        for (var i = 0; i < count && window.Length < unitLength + longest - 1; i++)
        {
            window.Append(unit[i % unit.Count]);
        }

        var text = window.ToString();
        var at = -1;
        foreach (var s in stop)
        {
            var i = string.IsNullOrEmpty(s) ? -1 : text.IndexOf(s, StringComparison.Ordinal);
            if (i >= 0 && (at < 0 || i < at))
            {
                at = i;
            }
        }

        if (at < 0)
        {
            return new PlannedOutput(new RepeatedTokens(unit, count, null), finish);
        }

        // Keep every token up to the one in which the stop string starts; that token is generated, its text cut.
        var position = 0;
        for (var i = 0; ; i++)
        {
            var token = unit[i % unit.Count];
            if (position + token.Length > at)
            {
                return new PlannedOutput(new RepeatedTokens(unit, i + 1, token[..(at - position)]), "stop");
            }

            position += token.Length;
        }
    }

    private List<string> OfLength(int tokens)
    {
        const int MaxCachedLengths = 4096;
        if (_byLength.TryGetValue(tokens, out var cached))
        {
            return cached;
        }

        var split = ApproximateTokenizer.Split(Repeat(_unit, tokens));
        if (_byLength.Count < MaxCachedLengths)
        {
            _byLength.TryAdd(tokens, split);
        }

        return split;
    }

    private static string Repeat(List<string> pieces, int tokens)
    {
        var result = new StringBuilder();
        for (var i = 0; i < tokens; i++)
        {
            result.Append(pieces[i % pieces.Count]);
        }

        return result.ToString();
    }

    /// <summary>A length from the use case's output distribution (log-normal by its mean and deviation), seeded by the prompt.</summary>
    private int DrawLength(string promptText)
    {
#pragma warning disable CA5394 // Not security: a seeded, reproducible draw.
        var random = new Random(StableHash.Of(promptText, seed));
        var mean = outputLengths?.Mean ?? 128;
        var sd = outputLengths?.StdDev ?? 32;
        var min = Math.Max(1, outputLengths?.Min ?? 1);
        var max = outputLengths?.Max ?? 4096;
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
#pragma warning restore CA5394
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var sigma2 = Math.Log(1 + (sd * sd / (mean * mean)));
        var value = Math.Exp(Math.Log(mean) - (sigma2 / 2) + (Math.Sqrt(sigma2) * z));
        return (int)Math.Clamp(Math.Round(value), min, Math.Max(min, max));
    }
}
