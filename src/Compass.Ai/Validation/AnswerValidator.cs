using System.Globalization;
using System.Text.Json;
using Compass.Ai.Parsing;
using Compass.Ai.Prompting;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Ai.Validation;

/// <summary>
/// Checks an LLM answer against the catalog and the bounds in <see cref="LlmExtractorOptions"/>: the use case must
/// resolve to a catalog id (directly, by alias, by the one closest name or by the one id it contains), numbers must
/// parse and lie in range, GPU and model names must resolve through the catalog's aliases. Anything else is dropped
/// with a note; properties the schema does not define are ignored. Nothing in the answer can add to the catalog.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
internal static class AnswerValidator
{
    /// <summary>The longest GPU or model name looked up.</summary>
    private const int MaxNameLength = 80;

    /// <summary>Validates an answer.</summary>
    /// <param name="answer">The answer's JSON object.</param>
    /// <param name="catalog">The catalog.</param>
    /// <param name="options">The bounds.</param>
    /// <returns>What passed, and notes on what did not.</returns>
    public static LlmReading Read(JsonElement answer, KnowledgeCatalog catalog, LlmExtractorOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();

        var (useCaseName, useCaseMentioned) = AnswerValues.Choice(AnswerValues.Property(answer, IntentFields.UseCase));
        UseCase? useCase = null;
        if (!string.IsNullOrWhiteSpace(useCaseName))
        {
            (useCase, var note) = ResolveUseCase(useCaseName, catalog);
            Add(notes, note);
        }

        var users = Bounded(answer, IntentFields.UserCount, "user count", 1, options.MaxUserCount, notes);
        var qps = Bounded(answer, IntentFields.ExpectedQps, "request rate (per second)", double.Epsilon, options.MaxExpectedQps, notes);
        var budget = Bounded(answer, IntentFields.MaxMonthlyCostUsd, "monthly budget (USD)", double.Epsilon, options.MaxMonthlyCostUsd, notes);
        var deployment = Choice(answer, IntentFields.DeploymentModel, "deployment model", "cloud, owned or purchase", AnswerValues.ParseDeploymentModel, DeploymentModel.Cloud, notes);

        return new LlmReading
        {
            UseCase = useCase,
            UseCaseMentioned = useCase is not null && useCaseMentioned != false,
            UserCount = users is { } u ? (int)Math.Round(u, MidpointRounding.AwayFromZero) : null,
            UsersAreConcurrent = users is not null && AnswerValues.Flag(AnswerValues.Property(answer, IntentSchema.UsersAreConcurrent)) == true,
            ExpectedQps = qps,
            LatencyPriority = Choice(answer, IntentFields.LatencyPriority, "latency priority", "low, medium or high", AnswerValues.ParsePriority, Priority.Medium, notes),
            CostPriority = Choice(answer, IntentFields.CostPriority, "cost priority", "low, medium or high", AnswerValues.ParsePriority, Priority.Medium, notes),
            AccuracyPriority = Choice(answer, IntentFields.AccuracyPriority, "accuracy priority", "low, medium or high", AnswerValues.ParsePriority, Priority.Medium, notes),
            PreferredGpuTypes = [.. Names(answer, IntentFields.PreferredGpuTypes, "GPU", options.MaxListItems, notes, name => ResolveGpus(name, catalog)).Distinct()],
            PreferredModels = [.. Names(answer, IntentFields.PreferredModels, "model", options.MaxListItems, notes, name => ResolveModel(name, catalog)).Distinct()],
            MaxMonthlyCostUsd = budget,
            DeploymentModel = deployment,
            Notes = [.. notes],
        };
    }

    /// <summary>Maps a use-case name to a catalog id: the id or an alias, else the one closest id, else the one id (or alias) it contains.</summary>
    /// <param name="name">The name in the answer.</param>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The use case (or <see langword="null"/>) and a note when the name was reinterpreted or dropped.</returns>
    public static (UseCase? UseCase, string? Note) ResolveUseCase(string name, KnowledgeCatalog catalog)
    {
        UnknownNameException unknown;
        try
        {
            return (catalog.ResolveUseCase(name).Id, null);
        }
        catch (UnknownNameException ex)
        {
            unknown = ex;
        }

        var ids = catalog.UseCases.Select(u => u.Id).ToArray();
        UseCase? match = unknown.Suggestions.Length == 1 ? new UseCase(unknown.Suggestions[0]) : null;
        if (match is null)
        {
            // "customer_support_chatbot" → the one id or alias among its words or inside it.
            var key = UseCase.Parse(name).Value;
            var words = key.Split('_', StringSplitOptions.RemoveEmptyEntries);
            var candidates = ids.Where(id => key.Contains(id.Value, StringComparison.Ordinal))
                .Concat(words.Select(UseCase.Parse).Where(ids.Contains))
                .Distinct()
                .ToArray();
            match = candidates.Length == 1 ? candidates[0] : null;
        }

        return match is { } found
            ? (found, $"The LLM named the use case '{AnswerValues.Show(name)}', which is not a catalog id; taken as the closest one, {found}.")
            : (null, $"The LLM named the use case '{AnswerValues.Show(name)}', which matches no catalog id; ignored it.");
    }

    private static double? Bounded(JsonElement answer, string field, string what, double min, double max, List<string> notes)
    {
        var element = AnswerValues.Property(answer, field);
        if (element is null)
        {
            return null;
        }

        if (!AnswerValues.TryNumber(element, out var value) || !double.IsFinite(value))
        {
            notes.Add($"Ignored the {what} in the LLM's answer: '{AnswerValues.Show(element.Value)}' is not a number.");
            return null;
        }

        if (value < min || value > max)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Ignored the {what} in the LLM's answer ({value:#,0.###}): it must be {(min >= 1 ? $"from {min:#,0}" : "above 0")} up to {max:#,0}."));
            return null;
        }

        return value;
    }

    private static T? Choice<T>(JsonElement answer, string field, string what, string allowed, Func<string?, T?> parse, T neutral, List<string> notes)
        where T : struct, Enum
    {
        var (text, mentioned) = AnswerValues.Choice(AnswerValues.Property(answer, field));
        if (text is null || mentioned == false)
        {
            // Only what the text states counts; an unmentioned choice keeps its neutral default.
            return null;
        }

        if (parse(text) is not { } value)
        {
            notes.Add($"Ignored the {what} in the LLM's answer: '{AnswerValues.Show(text)}' is not {allowed}.");
            return null;
        }

        // A bare value without a mention flag counts as stated only when it differs from the default.
        return mentioned == true || !EqualityComparer<T>.Default.Equals(value, neutral) ? value : null;
    }

    private static List<T> Names<T>(JsonElement answer, string field, string what, int max, List<string> notes, Func<string, (IEnumerable<T> Found, string? Note)> resolve)
    {
        var names = AnswerValues.Names(AnswerValues.Property(answer, field));
        if (names.Count > max)
        {
            notes.Add($"The LLM's answer lists {names.Count} {what} names; read the first {max}.");
        }

        var found = new List<T>();
        foreach (var name in names.Take(max))
        {
            if (name.Length > MaxNameLength)
            {
                notes.Add($"Ignored the {what} '{AnswerValues.Show(name)}' in the LLM's answer: the name is too long to be one.");
                continue;
            }

            var (items, note) = resolve(name);
            found.AddRange(items);
            Add(notes, note);
        }

        return found;
    }

    private static (IEnumerable<GpuType> Found, string? Note) ResolveGpus(string name, KnowledgeCatalog catalog)
    {
        try
        {
            return (catalog.ResolveGpus(name).Select(g => g.Type), null);
        }
        catch (UnknownNameException ex)
        {
            return ([], $"Ignored the GPU '{AnswerValues.Show(name)}' in the LLM's answer: it is not in the catalog{DidYouMean(ex)}.");
        }
    }

    private static (IEnumerable<ModelId> Found, string? Note) ResolveModel(string name, KnowledgeCatalog catalog)
    {
        try
        {
            return ([catalog.ResolveModel(name).Spec.Id], null);
        }
        catch (UnknownNameException ex)
        {
            return ([], $"Ignored the model '{AnswerValues.Show(name)}' in the LLM's answer: it is not in the catalog{DidYouMean(ex)}.");
        }
    }

    private static string DidYouMean(UnknownNameException ex)
        => ex.Suggestions.IsDefaultOrEmpty ? string.Empty : $" (did you mean {string.Join(" or ", ex.Suggestions)}?)";

    private static void Add(List<string> notes, string? note)
    {
        if (note is not null)
        {
            notes.Add(note);
        }
    }
}
