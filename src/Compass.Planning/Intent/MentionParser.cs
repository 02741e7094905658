using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Planning.Intent;

/// <summary>
/// Finds the GPUs and models a text names, through the catalog's names and aliases. GPU names are whole tokens
/// ("L4" never matches inside "Llama 4"); "A100" expands to both A100 sizes; a negated GPU ("not H100", "no A100s")
/// is reported separately, and ruling GPUs out without naming others allows every other GPU. Models are matched by id or alias over windows of up to four tokens, and by family plus
/// size ("Qwen 32B", "Llama 70B" → the newest such model); negated models ("no Mixtral") are left out the same way.
/// </summary>
internal static partial class MentionParser
{
    private static readonly string[] Families = ["llama", "qwen", "mistral", "mixtral", "granite", "phi", "gpt-oss", "smollm", "nemotron", "scout", "maverick", "gemma", "deepseek"];

    public static (ImmutableArray<GpuType> Preferred, ImmutableArray<GpuType> Excluded) FindGpus(string text, KnowledgeCatalog catalog)
    {
        var (preferred, excluded, _) = FindGpuMentions(text, catalog);
        return (preferred, excluded);
    }

    /// <summary>
    /// Finds the GPUs a text names, those it rules out, and the names that look like GPUs ("B300s", "GB200", "RTX 4090")
    /// but are not in the catalog, each with the closest names the catalog holds.
    /// </summary>
    public static (ImmutableArray<GpuType> Preferred, ImmutableArray<GpuType> Excluded, ImmutableArray<(string Name, ImmutableArray<string> Closest)> Unknown) FindGpuMentions(string text, KnowledgeCatalog catalog)
    {
        var preferred = new List<GpuType>();
        var excluded = new List<GpuType>();
        var unknown = new List<(string, ImmutableArray<string>)>();
        var past = new List<GpuType>();
        var negations = Negation.Scopes(text);
        var tokens = Tokens().Matches(text).ToArray();
        for (var i = 0; i < tokens.Length; i++)
        {
            foreach (var width in new[] { 3, 2, 1 })
            {
                if (i + width > tokens.Length)
                {
                    continue;
                }

                var span = string.Join(" ", tokens.Skip(i).Take(width).Select(t => t.Value));
                if (width == 1 && !LooksLikeGpu().IsMatch(span))
                {
                    continue;
                }

                var gpus = catalog.FindGpus(span);
                if (gpus.IsEmpty)
                {
                    if (width == 1 && UnknownGpu().Match(span) is { Success: true } name && !Negation.IsNegated(negations, tokens[i].Index)
                        && !unknown.Any(u => string.Equals(u.Item1, name.Groups["name"].Value, StringComparison.OrdinalIgnoreCase)))
                    {
                        unknown.Add((name.Groups["name"].Value, ClosestGpus(catalog, name.Groups["name"].Value)));
                    }

                    continue;
                }

                if (PastSentence(text, tokens[i].Index))
                {
                    // "We tried it on 2 L4s in 2024", "Today it runs on A100 40GB; we now want H200": what was, not what is wanted.
                    past.AddRange(gpus.Select(g => g.Type));
                    i += width - 1;
                    break;
                }

                var target = Negation.IsNegated(negations, tokens[i].Index) ? excluded : preferred;
                foreach (var gpu in gpus.Select(g => g.Type).Where(g => !target.Contains(g)))
                {
                    target.Add(gpu);
                }

                i += width - 1;
                break;
            }
        }

        if (preferred.Count == 0)
        {
            preferred.AddRange(past.Distinct()); // only the past is named: that is what the text has
        }

        // Ruling some out without naming any means "any of the others".
        var allowed = preferred.Count == 0 && excluded.Count > 0 ? catalog.Gpus.Select(g => g.Type).ToList() : preferred;
        return ([.. allowed.Except(excluded)], [.. excluded], [.. unknown]);
    }

    // Whether the clause around a position tells of the past or the present set-up (a pilot, what was tried, what runs
    // today) rather than what is wanted.
    private static bool PastSentence(string text, int index)
    {
        var start = Math.Max(text.LastIndexOfAny(['.', ';', '!', '?'], Math.Max(0, index - 1)) + 1, 0);
        var end = text.IndexOfAny(['.', ';', '!', '?'], index);
        var clause = text[start..(end < 0 ? text.Length : end)];
        return PastMarker().IsMatch(clause) && !WantMarker().IsMatch(clause);
    }

    [GeneratedRegex(@"\b(?:tried|pilot(?:ed)?|ran|was|were|used to|previously|today|currently|at the moment|right now|our (?:old|current|existing) (?:setup|cluster)|in 20[12]\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PastMarker();

    [GeneratedRegex(@"\b(?:want|wants|need|needs|would like|will|we'll|should|must|now want|this time|new version|instead|move to|switch to|plan to|going to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WantMarker();

    // The catalog's suggestions when a name is close to one it holds; otherwise the GPUs of the same maker's letter, or the first few.
    private static ImmutableArray<string> ClosestGpus(KnowledgeCatalog catalog, string name)
    {
        try
        {
            catalog.ResolveGpus(name);
        }
        catch (UnknownNameException ex) when (!ex.Suggestions.IsEmpty)
        {
            return ex.Suggestions;
        }
        catch (UnknownNameException)
        {
        }

        var key = name.ToLowerInvariant();
        return [.. catalog.Gpus.Select(g => g.Type.Value)
            .OrderBy(g => NameMatching.Distance(key, g.ToLowerInvariant()))
            .ThenBy(g => g, StringComparer.Ordinal)
            .Take(3)];
    }

    // The closest models to a name the catalog lacks: its suggestions, else the nearest ids of the family named, else of the whole catalog.
    private static ImmutableArray<string> ClosestModels(KnowledgeCatalog catalog, string name, string? family)
    {
        try
        {
            catalog.ResolveModel(name);
        }
        catch (UnknownNameException ex) when (!ex.Suggestions.IsEmpty)
        {
            return ex.Suggestions;
        }
        catch (UnknownNameException)
        {
        }

        var key = NameMatching.NormalizeModel(name);
        var pool = catalog.Models.Where(m => family is null || m.Id.Value.Contains(family, StringComparison.OrdinalIgnoreCase)).ToArray();
        return [.. (pool.Length > 0 ? pool : [.. catalog.Models])
            .OrderBy(m => NameMatching.Distance(key, NameMatching.NormalizeModel(m.Id.Value)))
            .ThenByDescending(m => m.Id.Value, StringComparer.Ordinal)
            .Take(3)
            .Select(m => m.Id.Value)];
    }

    /// <summary>The note for a GPU the text names that the catalog lacks.</summary>
    public static string UnknownGpuNote(string name, IReadOnlyList<string> closest)
        => $"'{name}' is not a GPU in the catalog, so it is not planned for; the closest it has: {string.Join(", ", closest)}. Name one of the catalog's GPUs, or set the GPU types.";

    private static string UnknownModelNote(string name, IReadOnlyList<string> closest)
        => $"'{name}' is not in the catalog, so it is not planned for; the closest it has: {string.Join(", ", closest)}. Name one of the catalog's models, or add it as an additional model (its Hugging Face config).";

    public static (ImmutableArray<ModelId> Models, ImmutableArray<string> Notes, ImmutableArray<IntentHint> Hints) FindModels(string text, KnowledgeCatalog catalog)
    {
        var models = new List<ModelId>();
        var excluded = new List<ModelId>();
        var notes = new List<string>();
        var hints = new List<IntentHint>();
        var negations = Negation.Scopes(text);
        var tokens = Tokens().Matches(text).ToArray();
        var used = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            for (var width = Math.Min(4, tokens.Length - i); width >= 1; width--)
            {
                var span = string.Join(" ", tokens.Skip(i).Take(width).Select(t => t.Value));
                if ((width == 1 && !span.Any(char.IsDigit) && !span.Contains('/', StringComparison.Ordinal)) || catalog.FindModel(span) is not { } match)
                {
                    continue;
                }

                Add(Negation.IsNegated(negations, tokens[i].Index) ? excluded : models, match.Spec.Id);
                for (var k = i; k < i + width; k++)
                {
                    used[k] = true;
                }

                i += width - 1;
                break;
            }
        }

        foreach (Match m in FamilyAndSize().Matches(text))
        {
            if (Enumerable.Range(0, tokens.Length).Any(k => used[k] && tokens[k].Index >= m.Index && tokens[k].Index < m.Index + m.Length))
            {
                continue;
            }

            var family = m.Groups["family"].Value.ToLowerInvariant();
            var version = m.Groups["version"].Success ? m.Groups["version"].Value : null;
            var size = double.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture) * 1e9;
            var candidates = catalog.Models
                .Where(s => s.Id.Value.Contains(family, StringComparison.OrdinalIgnoreCase) && (version is null || NormalizedId(s).Contains(version.Replace(".", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)))
                .Where(s => Math.Abs(s.Architecture.Parameters - size) / size < 0.2 || Math.Abs(s.Architecture.ActiveParameters - size) / size < 0.2)
                .OrderByDescending(s => s.Id.Value, StringComparer.Ordinal)
                .ToArray();
            if (candidates.Length > 0)
            {
                Add(Negation.IsNegated(negations, m.Index) ? excluded : models, candidates[0].Id);
            }
            else
            {
                var note = UnknownModelNote(m.Value.Trim(), ClosestModels(catalog, m.Value.Trim(), family));
                notes.Add(note);
                hints.Add(new IntentHint(IntentFields.AdditionalModels, note));
                hints.Add(new IntentHint(IntentFields.PreferredModels, note));
            }
        }

        if (models.Count == 0 && excluded.Count == 0)
        {
            foreach (var family in Families)
            {
                if (Regex.Match(text, $@"(?<![\w-]){Regex.Escape(family)}(?:[\s-]?(?<version>[\w.]*\d[\w.-]*))?(?![\w])", RegexOptions.IgnoreCase) is not { Success: true } mention)
                {
                    continue;
                }

                var members = catalog.Models.Where(s => s.Id.Value.Contains(family, StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToArray();
                if (mention.Groups["version"].Success)
                {
                    // "Llama 3" names the Llama 3 models; "Llama-9-1T" names one the catalog lacks, which is said, not widened to the family.
                    var key = NameMatching.NormalizeModel(mention.Value);
                    var versioned = members.Where(id => NormalizedId(catalog.GetModel(id)!).Contains(key, StringComparison.Ordinal)).ToArray();
                    if (versioned.Length == 0)
                    {
                        if (!Negation.IsNegated(negations, mention.Index) && FamilyAndSize().Match(mention.Value) is not { Success: true })
                        {
                            var note = UnknownModelNote(mention.Value, ClosestModels(catalog, mention.Value, family));
                            notes.Add(note);
                            hints.Add(new IntentHint(IntentFields.PreferredModels, note));
                            hints.Add(new IntentHint(IntentFields.AdditionalModels, note));
                        }

                        continue;
                    }

                    members = versioned;
                }

                if (Negation.IsNegated(negations, mention.Index))
                {
                    members.ToList().ForEach(id => Add(excluded, id));
                }
                else if (members.Length == 0)
                {
                    var note = UnknownModelNote(mention.Value.Trim(), ClosestModels(catalog, mention.Value.Trim(), null));
                    notes.Add(note);
                    hints.Add(new IntentHint(IntentFields.PreferredModels, note));
                    hints.Add(new IntentHint(IntentFields.AdditionalModels, note));
                }
                else
                {
                    members.ToList().ForEach(id => Add(models, id));
                    var named = mention.Value.Trim();
                    var note = members.Length == 1
                        ? $"'{named}' names a model family, not one model: the catalog has one, {members[0]}."
                        : $"'{named}' names a model family, not one model: considering all {members.Length} of the catalog's {named} models. Name one, or set the models.";
                    notes.Add(note);
                    hints.Add(new IntentHint(IntentFields.PreferredModels, note));
                }
            }
        }

        foreach (Match m in ForeignModel().Matches(text))
        {
            if (!Negation.IsNegated(negations, m.Index) && catalog.FindModel(m.Value) is null)
            {
                var note = UnknownModelNote(m.Value, ClosestModels(catalog, m.Value, null));
                notes.Add(note);
                hints.Add(new IntentHint(IntentFields.PreferredModels, note));
                hints.Add(new IntentHint(IntentFields.AdditionalModels, note));
            }
        }

        if (excluded.Count > 0)
        {
            var note = $"Not considering {string.Join(", ", excluded)} as the text rules {(excluded.Count == 1 ? "it" : "them")} out.";
            notes.Add(note);
            hints.Add(new IntentHint(IntentFields.PreferredModels, note));
            if (models.Count == 0)
            {
                models.AddRange(catalog.Models.Select(m => m.Id).Where(id => !excluded.Contains(id)));
            }
        }

        return ([.. models.Except(excluded)], [.. notes], [.. hints]);
    }

    private static void Add<T>(List<T> list, T item)
    {
        if (!list.Contains(item))
        {
            list.Add(item);
        }
    }

    private static string NormalizedId(ModelSpec spec) => new(spec.Id.Value.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._/:+-]*[A-Za-z0-9]|[A-Za-z0-9]")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"^(?:[a-z]{1,3}\d{1,4}[a-z0-9-]*|mi\d{3}x?|nvidia\S*|amd\S*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeGpu();

    // A GPU model number the catalog might lack: NVIDIA's A/B/H/L/V/GB and AMD's MI lines (an optional plural "s"), not
    // percentiles (p95), codecs or versions.
    [GeneratedRegex(@"^(?<name>(?:gb|mi|[abhlv])\d{2,3}(?:x|g|a|e|l)?|t4)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex UnknownGpu();

    // Models from outside the catalog's families that people name: hosted ones (GPT-4o, Claude, Gemini) and other open ones.
    [GeneratedRegex(@"(?<![\w-])(?:gpt-?\d[\w.-]*|claude(?:[\s-](?:\d[\w.]*|opus|sonnet|haiku))*|gemini(?:[\s-]\d[\w.]*)?(?:[\s-](?:pro|flash|ultra))?|falcon[\s-]?\d+b?|command[\s-]r\+?|olmo[\s-]?\d*[\w.]*|kimi[\s-]?k\d[\w.]*|glm[\s-]?\d[\w.]*)(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignModel();

    [GeneratedRegex(@"(?<![\w-])(?<family>llama|qwen|mistral|mixtral|granite|phi|gpt-oss|smollm|nemotron|gemma|deepseek)[\s-]?(?:(?<version>\d+(?:\.\d+)?)(?:[\s-]|(?=[a-z])))?(?:[a-z-]+[\s-])?(?<size>\d+(?:\.\d+)?)\s?b\b", RegexOptions.IgnoreCase)]
    private static partial Regex FamilyAndSize();
}
