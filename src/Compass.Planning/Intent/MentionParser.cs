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
        var preferred = new List<GpuType>();
        var excluded = new List<GpuType>();
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
                    continue;
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

        // Ruling some out without naming any means "any of the others".
        var allowed = preferred.Count == 0 && excluded.Count > 0 ? catalog.Gpus.Select(g => g.Type).ToList() : preferred;
        return ([.. allowed.Except(excluded)], [.. excluded]);
    }

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
                var note = $"'{m.Value.Trim()}' is not in the catalog; add it as an additional model (its Hugging Face config) or pick one of the catalog's models.";
                notes.Add(note);
                hints.Add(new IntentHint(IntentFields.AdditionalModels, note));
            }
        }

        if (models.Count == 0 && excluded.Count == 0)
        {
            foreach (var family in Families)
            {
                if (Regex.Match(text, $@"(?<![\w-]){Regex.Escape(family)}(?![\w])", RegexOptions.IgnoreCase) is not { Success: true } mention)
                {
                    continue;
                }

                var members = catalog.Models.Where(s => s.Id.Value.Contains(family, StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToArray();
                if (Negation.IsNegated(negations, mention.Index))
                {
                    members.ToList().ForEach(id => Add(excluded, id));
                }
                else if (members.Length > 0)
                {
                    members.ToList().ForEach(id => Add(models, id));
                    notes.Add(members.Length == 1
                        ? $"'{family}' names a model family, not one model: the catalog has one, {members[0]}."
                        : $"'{family}' names a model family, not one model: considering all {members.Length} {family} models.");
                }
            }
        }

        if (excluded.Count > 0)
        {
            notes.Add($"Not considering {string.Join(", ", excluded)} as the text rules {(excluded.Count == 1 ? "it" : "them")} out.");
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

    [GeneratedRegex(@"(?<![\w-])(?<family>llama|qwen|mistral|mixtral|granite|phi|gpt-oss|smollm|nemotron|gemma|deepseek)[\s-]?(?:(?<version>\d+(?:\.\d+)?)[\s-]?)?(?:[a-z-]+[\s-])?(?<size>\d+(?:\.\d+)?)\s?b\b", RegexOptions.IgnoreCase)]
    private static partial Regex FamilyAndSize();
}
