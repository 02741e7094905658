using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Ai.Validation;

/// <summary>
/// Builds the final extraction from a validated LLM reading and the deterministic reading of the same text.
/// </summary>
/// <remarks>
/// <para>
/// The LLM's value wins for every field it stated. When merging is on, a field the LLM did not state (or stated
/// wrongly, so that validation dropped it) is taken from the deterministic reading, but only if that reading marks it
/// stated, i.e. a rule matched an explicit phrase such as "500 users" or "low latency"; a note lists the fields taken.
/// Defaults are never copied across. The use case follows the same rule: the LLM's when it resolved and was
/// mentioned, else the deterministic one when that was stated, else the LLM's best guess (not marked stated), else a
/// chatbot. The experience class and domains follow from the final use case's template, plus "multilingual" when
/// the deterministic reading found several languages (and merging is on).
/// </para>
/// <para>Pure and thread-safe.</para>
/// </remarks>
internal static class IntentMerger
{
    /// <summary>The most values of a list shown in a note.</summary>
    private const int MaxShown = 4;

    /// <summary>Merges the two readings.</summary>
    /// <param name="llm">The validated LLM reading.</param>
    /// <param name="rules">The deterministic extraction of the same text.</param>
    /// <param name="catalog">The catalog.</param>
    /// <param name="merge">Whether fields the LLM left out may come from <paramref name="rules"/>.</param>
    /// <param name="extractor">The name to report.</param>
    /// <param name="leadingNotes">Notes that come first (repairs of the answer).</param>
    /// <returns>The extraction.</returns>
    public static IntentExtraction Merge(LlmReading llm, IntentExtraction rules, KnowledgeCatalog catalog, bool merge, string extractor, IEnumerable<string> leadingNotes)
    {
        var notes = new List<string>(leadingNotes);
        notes.AddRange(llm.Notes);
        var hints = new List<IntentHint>();
        void Hint(string field, string note)
        {
            notes.Add(note);
            hints.Add(new IntentHint(field, note));
        }

        var stated = new List<string>();
        var taken = new List<string>();
        var fromRules = rules.Intent;

        // Takes the LLM's value when stated, else the rules' when they stated it, else the default.
        T Pick<T>(string field, bool llmStated, T llmValue, T rulesValue, T fallback, Func<T, string> show)
        {
            if (llmStated)
            {
                stated.Add(field);
                return llmValue;
            }

            if (merge && rules.Stated(field))
            {
                stated.Add(field);
                taken.Add($"{field} ({show(rulesValue)})");
                return rulesValue;
            }

            return fallback;
        }

        // Use case.
        UseCase useCase;
        bool useCaseStated;
        if (llm is { UseCase: { } fromLlm, UseCaseMentioned: true })
        {
            (useCase, useCaseStated) = (fromLlm, true);
        }
        else if (merge && rules.UseCaseStated)
        {
            (useCase, useCaseStated) = (fromRules.UseCase, true);
            taken.Add($"{IntentFields.UseCase} ({fromRules.UseCase})");
        }
        else if (llm.UseCase is { } guess)
        {
            (useCase, useCaseStated) = (guess, false);
            Hint(IntentFields.UseCase, IntentNotes.UseCaseGuessed(guess.ToString()));
        }
        else
        {
            (useCase, useCaseStated) = (UseCase.ChatbotConversational, false);
            Hint(IntentFields.UseCase, IntentNotes.UseCaseAssumed);
        }

        if (useCaseStated)
        {
            stated.Add(IntentFields.UseCase);
        }

        var users = Pick(IntentFields.UserCount, llm.UserCount is not null, llm.UserCount, fromRules.UserCount, null, Number);
        var concurrent = llm.UserCount is not null ? llm.UsersAreConcurrent : users is not null && fromRules.UsersAreConcurrent;
        var qps = Pick(IntentFields.ExpectedQps, llm.ExpectedQps is not null, llm.ExpectedQps, fromRules.ExpectedQps, null, Number);
        var latency = Pick(IntentFields.LatencyPriority, llm.LatencyPriority is not null, llm.LatencyPriority ?? Priority.Medium, fromRules.LatencyPriority, Priority.Medium, Lower);
        var cost = Pick(IntentFields.CostPriority, llm.CostPriority is not null, llm.CostPriority ?? Priority.Medium, fromRules.CostPriority, Priority.Medium, Lower);
        var accuracy = Pick(IntentFields.AccuracyPriority, llm.AccuracyPriority is not null, llm.AccuracyPriority ?? Priority.Medium, fromRules.AccuracyPriority, Priority.Medium, Lower);
        var gpus = Pick(IntentFields.PreferredGpuTypes, !llm.PreferredGpuTypes.IsEmpty, llm.PreferredGpuTypes, fromRules.PreferredGpuTypes, [], List);
        var models = Pick(IntentFields.PreferredModels, !llm.PreferredModels.IsEmpty, llm.PreferredModels, fromRules.PreferredModels, [], List);
        var budget = Pick(IntentFields.MaxMonthlyCostUsd, llm.MaxMonthlyCostUsd is not null, llm.MaxMonthlyCostUsd, fromRules.MaxMonthlyCostUsd, null, Number);
        var deployment = Pick(IntentFields.DeploymentModel, llm.DeploymentModel is not null, llm.DeploymentModel ?? DeploymentModel.Cloud, fromRules.DeploymentModel, DeploymentModel.Cloud, Lower);

        var template = catalog.FindUseCase(useCase);
        var domains = (template?.Domains ?? []).ToHashSet(StringComparer.Ordinal);
        if (useCase == UseCase.CodeCompletion || useCase == UseCase.CodeGenerationDetailed)
        {
            domains.Add("code");
        }

        if (useCase == UseCase.Translation || (merge && fromRules.Domains.Contains("multilingual")))
        {
            domains.Add("multilingual");
        }

        if (taken.Count > 0)
        {
            notes.Add($"Taken from the rule-based reading of the text, as the LLM's answer lacked {(taken.Count == 1 ? "it" : "them")}: {string.Join(", ", taken)}.");
        }

        if (users is null && qps is null)
        {
            Hint(IntentFields.UserCount, IntentNotes.NoLoad);
        }

        if (concurrent && users is { } count)
        {
            Hint(IntentFields.UserCount, string.Create(CultureInfo.InvariantCulture, $"The {count:N0} users are taken as concurrent (all active at once)."));
        }

        var intent = new DeploymentIntent
        {
            UseCase = useCase,
            UserCount = users,
            UsersAreConcurrent = concurrent && users is not null,
            ExpectedQps = qps,
            LatencyPriority = latency,
            CostPriority = cost,
            AccuracyPriority = accuracy,
            PreferredGpuTypes = gpus,
            PreferredModels = models,
            MaxMonthlyCostUsd = budget,
            DeploymentModel = deployment,
            ExperienceClass = template?.ExperienceClass,
            Domains = [.. domains.Order(StringComparer.Ordinal)],
        };

        // Report stated fields in the order IntentFields declares them.
        var order = new[]
        {
            IntentFields.UseCase, IntentFields.UserCount, IntentFields.ExpectedQps, IntentFields.LatencyPriority, IntentFields.CostPriority,
            IntentFields.AccuracyPriority, IntentFields.PreferredGpuTypes, IntentFields.PreferredModels, IntentFields.MaxMonthlyCostUsd, IntentFields.DeploymentModel,
        };
        // What neither reading stated is planned with a default; one note lists those, with a hint per field.
        foreach (var hint in IntentNotes.Defaults(intent, order.Except(stated, StringComparer.Ordinal)))
        {
            if (!notes.Contains(hint.Note))
            {
                notes.Add(hint.Note);
            }

            hints.Add(hint);
        }

        return new IntentExtraction
        {
            Intent = intent,
            UseCaseStated = useCaseStated,
            Notes = [.. notes],
            Hints = [.. hints],
            StatedFields = [.. order.Where(stated.Contains)],
            Extractor = extractor,
        };
    }

    private static string Number<T>(T value) => string.Format(CultureInfo.InvariantCulture, "{0:#,0.###}", value);

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string List<T>(ImmutableArray<T> values)
        => string.Join(", ", values.Take(MaxShown)) + (values.Length > MaxShown ? $" and {values.Length - MaxShown} more" : string.Empty);
}
