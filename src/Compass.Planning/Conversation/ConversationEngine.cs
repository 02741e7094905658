using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Planning.Intent;
using Compass.Planning.Service;

namespace Compass.Planning.Conversation;

/// <summary>
/// A conversation that turns a need into a plan and refines it. Each turn either asks one question about something
/// that matters and is missing (the load first; how fast responses must be, for interactive use; what the model is
/// for; for large deployments, the constraints), or recommends. "I don't know" is an answer: the plan proceeds with a
/// stated default and shows more options. Once there is a plan, follow-ups change it ("make it cheaper", "what if we
/// double the users?", "we only have L4s", "TTFT under 200 ms", "compare the top two") and each answer says what
/// changed. Stateless itself: the <see cref="ConversationState"/> travels with each turn. Thread-safe.
/// </summary>
public sealed partial class ConversationEngine
{
    /// <summary>Users assumed when the user does not know the load.</summary>
    public const int DefaultUsers = 1_000;

    /// <summary>Options shown when the user did not know something, to show the trade-offs more broadly.</summary>
    public const int BroaderTop = 8;

    /// <summary>Users from which the constraints are worth asking about before recommending.</summary>
    public const int LargeDeploymentUsers = 10_000;

    private readonly PlanningService _planning;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="planning">The planning service (with its intent extractor).</param>
    public ConversationEngine(PlanningService planning)
    {
        ArgumentNullException.ThrowIfNull(planning);
        _planning = planning;
    }

    /// <summary>Answers one user turn.</summary>
    /// <param name="state">The conversation so far (<see cref="ConversationState.Empty"/> to start).</param>
    /// <param name="message">What the user said.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The answer and the new state.</returns>
    /// <exception cref="ArgumentException">The message is empty or too long.</exception>
    public async Task<ConversationReply> RespondAsync(ConversationState state, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new ArgumentException("Say something: describe the workload, answer the question, or ask for a change.", nameof(message));
        }

        message = message.Trim();
        var earlier = state.UserTurns;
        state = state with { History = state.History.Add(new ConversationTurn(ConversationRoles.User, message)) };
        var changes = new List<string>();

        if (state.Pending is { } pending && DontKnow().IsMatch(message))
        {
            state = state with { Unknown = state.Unknown.Add(pending), Pending = null };
            changes.Add(Assumption(pending));
            return await NextAsync(state, changes, cancellationToken).ConfigureAwait(false);
        }

        if (state.Plan is { } plan && state.Intent is { } intent)
        {
            var catalog = await _planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
            Refinement refinement;
            try
            {
                refinement = RefinementParser.Parse(message, intent, state.Overrides, plan.Slo, catalog);
            }
            catch (IntentValueException ex)
            {
                return LoadQuestion(state, ex.Message, []);
            }

            if (refinement.Compare is { } pair && refinement.Changes.IsEmpty)
            {
                return Reply(state, ReplyKind.Comparison, Comparison(plan, pair.First, pair.Second), []);
            }

            if (!refinement.IsEmpty)
            {
                state = state with { Intent = refinement.Intent, Overrides = refinement.Overrides };
                if (refinement.LoadStated)
                {
                    // A number the user gave replaces the assumed load; a factor ("double the users") scales it and keeps it an assumption.
                    state = state with { Stated = state.Stated.Add(refinement.Intent.ExpectedQps is null ? IntentFields.UserCount : IntentFields.ExpectedQps), Unknown = state.Unknown.Remove(ConversationTopics.Load) };
                }

                return await RecommendAsync(state, [.. refinement.Changes], refinement.Cheaper ? plan : null, cancellationToken).ConfigureAwait(false);
            }
        }

        IntentExtraction extraction;
        try
        {
            extraction = await _planning.ExtractAsync(message, earlier, cancellationToken).ConfigureAwait(false);
        }
        catch (IntentValueException ex)
        {
            // An impossible count ("-500 users", "0 users", "10^15 users") is a question back, not a plan.
            return LoadQuestion(state, ex.Message, []);
        }

        state = Merge(state, extraction, changes);
        if (state.Pending == ConversationTopics.Load && !Has(state, IntentFields.UserCount) && !Has(state, IntentFields.ExpectedQps)
            && BareNumber().Match(message) is { Success: true } number
            && double.TryParse(number.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var users))
        {
            users *= number.Groups["k"].Success ? 1000 : 1;
            if (number.Groups["minus"].Success || users < 1 || users > LoadParser.MaxUsers)
            {
                return LoadQuestion(state, F($"I cannot plan for {(number.Groups["minus"].Success ? "-" : string.Empty)}{users:#,0.###} users: the number must be from 1 to {LoadParser.MaxUsers:N0}."), [.. changes]);
            }

            var count = (int)Math.Round(users);
            state = state with { Intent = state.Intent! with { UserCount = count, ExpectedQps = null }, Stated = state.Stated.Add(IntentFields.UserCount) };
            changes.Add(F($"users: {count:N0}"));
        }

        if (state.Pending == ConversationTopics.Load && !Has(state, IntentFields.UserCount) && !Has(state, IntentFields.ExpectedQps))
        {
            // The answer to "how many?" gave no number ("banana users"): ask again rather than assume one silently.
            var heard = LoadParser.FindUncountedPeople(message) is { } people ? F($"'{people}' gives no number") : F($"I could not read a number of users or a request rate in \"{Shorten(message)}\"");
            return LoadQuestion(state, heard + ".", [.. changes]);
        }

        if (state.Pending == ConversationTopics.Constraints && NoConstraints().IsMatch(message))
        {
            state = state with { Unknown = state.Unknown.Add(ConversationTopics.Constraints) };
        }

        state = state with { Pending = null };
        if (state.Plan is not null && changes.Count == 0)
        {
            return Reply(state, ReplyKind.Clarification,
                "I did not catch a change to make. You can say, for example: \"make it cheaper\", \"faster\", \"more accurate\", \"what if we double the users?\", "
                + "\"we only have L4s\", \"budget $5,000 a month\", \"TTFT under 200 ms\", or \"compare the top two\".", []);
        }

        return await NextAsync(state, changes, cancellationToken).ConfigureAwait(false);
    }

    private static ConversationState Merge(ConversationState state, IntentExtraction extraction, List<string> changes)
    {
        var found = extraction.Intent;
        var stated = extraction.StatedFields.ToHashSet(StringComparer.Ordinal);
        if (state.Intent is not { } current)
        {
            foreach (var field in stated)
            {
                changes.Add(Describe(field, found));
            }

            return state with { Intent = found, Stated = state.Stated.Union(stated) };
        }

        // The extractor reads earlier turns as context, so it restates what is already known: report only real changes.
        var next = current;
        foreach (var field in stated)
        {
            var was = Describe(field, next);
            next = field switch
            {
                IntentFields.UseCase => next with { UseCase = found.UseCase, ExperienceClass = found.ExperienceClass, Domains = found.Domains },
                IntentFields.UserCount => next with { UserCount = found.UserCount, UsersAreConcurrent = found.UsersAreConcurrent, ExpectedQps = stated.Contains(IntentFields.ExpectedQps) ? found.ExpectedQps : null },
                IntentFields.ExpectedQps => next with { ExpectedQps = found.ExpectedQps },
                IntentFields.LatencyPriority => next with { LatencyPriority = found.LatencyPriority },
                IntentFields.CostPriority => next with { CostPriority = found.CostPriority },
                IntentFields.AccuracyPriority => next with { AccuracyPriority = found.AccuracyPriority },
                IntentFields.PreferredGpuTypes => next with { PreferredGpuTypes = found.PreferredGpuTypes },
                IntentFields.PreferredModels => next with { PreferredModels = found.PreferredModels },
                IntentFields.MaxMonthlyCostUsd => next with { MaxMonthlyCostUsd = found.MaxMonthlyCostUsd },
                IntentFields.DeploymentModel => next with { DeploymentModel = found.DeploymentModel },
                _ => next,
            };
            var now = Describe(field, next);
            if (now != was || !state.Stated.Contains(field))
            {
                changes.Add(now);
            }
        }

        return state with { Intent = next, Stated = state.Stated.Union(stated) };
    }

    private async Task<ConversationReply> NextAsync(ConversationState state, List<string> changes, CancellationToken cancellationToken)
    {
        if (Question(state) is { } question)
        {
            return Reply(state with { Asked = state.Asked.Add(question.Topic), Pending = question.Topic }, ReplyKind.Question, question.Text, [.. changes]);
        }

        return await RecommendAsync(state, [.. changes], null, cancellationToken).ConfigureAwait(false);
    }

    private static (string Topic, string Text)? Question(ConversationState state)
    {
        bool Open(string topic) => !state.Asked.Contains(topic) && !state.Unknown.Contains(topic);
        var intent = state.Intent;
        if (Open(ConversationTopics.Load) && !Has(state, IntentFields.UserCount) && !Has(state, IntentFields.ExpectedQps))
        {
            return (ConversationTopics.Load, "How many people will use it (for example \"2,000 employees\"), or what request rate do you expect (\"15 requests per second\")? \"I don't know\" is fine.");
        }

        if (Open(ConversationTopics.UseCase) && !Has(state, IntentFields.UseCase))
        {
            return (ConversationTopics.UseCase, "What will the model do: chat with users, complete or generate code, answer questions over your documents (RAG), summarize, translate, or write content?");
        }

        if (Open(ConversationTopics.Latency) && !Has(state, IntentFields.LatencyPriority) && intent?.ExperienceClass is ExperienceClass { } cls
            && (cls == ExperienceClass.Conversational || cls == ExperienceClass.Instant || cls == ExperienceClass.Interactive))
        {
            return (ConversationTopics.Latency, "How fast must answers start and stream? Say \"low latency\", \"normal\", \"latency is not critical\", or a target such as \"first token under 300 ms\".");
        }

        var large = (intent?.UserCount ?? 0) >= LargeDeploymentUsers || (intent?.ExpectedQps ?? 0) >= 20;
        if (large && Open(ConversationTopics.Constraints) && !Has(state, IntentFields.MaxMonthlyCostUsd) && !Has(state, IntentFields.PreferredGpuTypes)
            && !Has(state, IntentFields.DeploymentModel) && !Has(state, IntentFields.CostPriority))
        {
            return (ConversationTopics.Constraints, "This is a large deployment. Any constraints: a monthly budget, GPUs you already have, cloud or on-premises? Say \"no constraints\" to see everything.");
        }

        return null;
    }

    private async Task<ConversationReply> RecommendAsync(ConversationState state, ImmutableArray<string> changes, Plan? before, CancellationToken cancellationToken)
    {
        var intent = state.Intent ?? new DeploymentIntent { UseCase = UseCase.ChatbotConversational };
        if (intent.UserCount is null && intent.ExpectedQps is null)
        {
            // Only after "I don't know" (or a load question passed over); the reply says it assumed this.
            intent = intent with { UserCount = DefaultUsers };
            state = state with { Unknown = state.Unknown.Add(ConversationTopics.Load) };
        }

        var overrides = state.Overrides;
        if (!state.Unknown.IsEmpty && overrides.Top is null)
        {
            overrides = overrides with { Top = BroaderTop };
        }

        if (before is { Recommendations: [var best, ..] } && intent.MaxMonthlyCostUsd is null)
        {
            // "Cheaper" means cheaper than what was shown: cap the budget just below the current best.
            var capped = await _planning.PlanAsync(intent with { MaxMonthlyCostUsd = Math.Floor(best.MonthlyCostUsd) - 1 }, overrides, cancellationToken).ConfigureAwait(false);
            if (!capped.Plan.Recommendations.IsEmpty)
            {
                changes = changes.Add(F($"only options under the previous best's ${best.MonthlyCostUsd:N0}/month"));
                return Recommendation(state with { Intent = intent, Overrides = overrides, Plan = capped.Plan }, capped.Plan, changes);
            }

            changes = changes.Add(F($"nothing meets the SLOs for less than ${best.MonthlyCostUsd:N0}/month; ranked with cost first instead"));
        }

        var outcome = await _planning.PlanAsync(intent, overrides, cancellationToken).ConfigureAwait(false);
        return Recommendation(state with { Intent = intent, Overrides = overrides, Plan = outcome.Plan }, outcome.Plan, changes);
    }

    private static ConversationReply Recommendation(ConversationState state, Plan plan, ImmutableArray<string> changes)
    {
        var sb = new StringBuilder();
        if (!changes.IsEmpty)
        {
            sb.Append("Changed: ").AppendJoin("; ", changes).AppendLine(".");
        }

        var load = Load(plan.Intent);
        if (plan.Recommendations.IsEmpty)
        {
            sb.AppendLine(F($"Nothing meets the SLOs for {plan.UseCase} at {load} ({plan.Slo})."));
            foreach (var e in plan.Excluded.Take(3))
            {
                sb.AppendLine(F($"  {e.Count} left out: {e.Reason}, e.g. {e.Example}"));
            }

            sb.Append("Try a bigger budget, more GPU types, looser targets (\"TTFT under 1 s\") or a smaller load.");
            return Reply(state, ReplyKind.Recommendation, sb.ToString(), changes);
        }

        sb.AppendLine(F($"For {plan.UseCase} at {load} ({plan.Traffic.PeakQps:0.##} req/s at peak; {plan.Slo}):"));
        foreach (var r in plan.Recommendations)
        {
            var p = r.Predicted;
            sb.AppendLine(F($"  {r.Rank}. {r.ModelName} ({r.Quantization}{(r.KvCacheDtype.IsFp8 ? ", FP8 KV cache" : string.Empty)}) on {r.Replicas} replica(s) × {r.TensorParallel} {r.Gpu}: ${r.MonthlyCostUsd:N0}/month, p{p.Percentile:0} TTFT {p.TtftMs:0} ms, ITL {p.ItlMs:0.#} ms, E2E {p.E2eMs / 1000:0.0} s, quality {(r.Quality is { } qs ? F($"{qs.Score:0.#}") : "?")} ({r.Source.ToString().ToLowerInvariant()})"));
            if (!r.Highlights.IsEmpty)
            {
                // The line above gives the configuration and its numbers; only what sets it apart is added, not the explanation that repeats them.
                var highlights = string.Join("; ", r.Highlights);
                sb.AppendLine("     " + char.ToUpperInvariant(highlights[0]) + highlights[1..] + ".");
            }
        }

        if (LoadAssumed(state))
        {
            sb.AppendLine(plan.Intent.UserCount == DefaultUsers && plan.Intent.ExpectedQps is null
                ? F($"I assumed {DefaultUsers:N0} users; tell me the real number and I will re-plan.")
                : F($"The load still rests on the {DefaultUsers:N0} users I assumed (now {Load(plan.Intent)}); tell me the real number and I will re-plan."));
        }

        sb.Append("You can say: \"make it cheaper\", \"faster\", \"what if we double the users?\", \"we only have L4s\", \"TTFT under 200 ms\", \"compare the top two\".");
        return Reply(state, ReplyKind.Recommendation, sb.ToString(), changes);
    }

    private static string Comparison(Plan plan, int first, int second)
    {
        var a = plan.Recommendations.FirstOrDefault(r => r.Rank == first);
        var b = plan.Recommendations.FirstOrDefault(r => r.Rank == second);
        if ((first, second) == (1, 2) && b is null && plan.Recommendations.Length >= 2)
        {
            // "The top two" are the first two shown; ranks may skip when fewer options are shown than were ranked.
            (a, b) = (plan.Recommendations[0], plan.Recommendations[1]);
        }

        if (a is null || b is null || first == second)
        {
            return F($"The plan shows option(s) ranked {string.Join(", ", plan.Recommendations.Select(r => r.Rank))}; name two different ones, e.g. \"compare 1 and {plan.Recommendations.Select(r => r.Rank).Skip(1).DefaultIfEmpty(2).First()}\".");
        }

        static string Row(string label, string x, string y) => $"  {label,-16} {x,-34} {y}";
        var sb = new StringBuilder();
        sb.AppendLine(F($"#{a.Rank} vs #{b.Rank}:"));
        sb.AppendLine(Row("model", F($"{a.ModelName} ({a.Quantization})"), F($"{b.ModelName} ({b.Quantization})")));
        sb.AppendLine(Row("hardware", F($"{a.Replicas} replica(s) × {a.TensorParallel} {a.Gpu} = {a.TotalGpus}"), F($"{b.Replicas} replica(s) × {b.TensorParallel} {b.Gpu} = {b.TotalGpus}")));
        sb.AppendLine(Row("cost", F($"${a.MonthlyCostUsd:N0}/month, ${a.Cost.UsdPerMillionOutputTokens:0.00}/1M tok"), F($"${b.MonthlyCostUsd:N0}/month, ${b.Cost.UsdPerMillionOutputTokens:0.00}/1M tok")));
        sb.AppendLine(Row(F($"p{a.Predicted.Percentile:0} TTFT / ITL"), F($"{a.Predicted.TtftMs:0} ms / {a.Predicted.ItlMs:0.#} ms"), F($"{b.Predicted.TtftMs:0} ms / {b.Predicted.ItlMs:0.#} ms")));
        sb.AppendLine(Row(F($"p{a.Predicted.Percentile:0} E2E"), F($"{a.Predicted.E2eMs / 1000:0.0} s"), F($"{b.Predicted.E2eMs / 1000:0.0} s")));
        sb.AppendLine(Row("quality", a.Quality is { } qa ? F($"{qa.Score:0.#}") : "?", b.Quality is { } qb ? F($"{qb.Score:0.#}") : "?"));
        sb.AppendLine(Row("prediction", a.Source.ToString().ToLowerInvariant(), b.Source.ToString().ToLowerInvariant()));
        var (cheap, dear) = a.MonthlyCostUsd <= b.MonthlyCostUsd ? (a, b) : (b, a);
        var (fast, slow) = a.Predicted.E2eMs <= b.Predicted.E2eMs ? (a, b) : (b, a);
        sb.Append(F($"#{cheap.Rank} costs ${dear.MonthlyCostUsd - cheap.MonthlyCostUsd:N0}/month less; #{fast.Rank} answers {slow.Predicted.E2eMs / Math.Max(1, fast.Predicted.E2eMs):0.0}× faster end to end"));
        if (a.Quality is { } x && b.Quality is { } y && Math.Abs(x.Score - y.Score) >= 0.1)
        {
            var better = x.Score > y.Score ? a : b;
            sb.Append(F($"; #{better.Rank} scores {Math.Abs(x.Score - y.Score):0.#} points higher on quality"));
        }

        return sb.Append('.').ToString();
    }

    // Asks for the load again after an answer that gave none or an impossible one; "I don't know" still leads to the stated default.
    private static ConversationReply LoadQuestion(ConversationState state, string problem, ImmutableArray<string> changes)
        => Reply(state with { Pending = ConversationTopics.Load, Asked = state.Asked.Add(ConversationTopics.Load) }, ReplyKind.Question,
            problem + F($" How many people will use it (for example \"2,000 employees\"), or what request rate do you expect (\"15 requests per second\")? Say \"I don't know\" and I will assume {DefaultUsers:N0} users."),
            changes);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static ConversationReply Reply(ConversationState state, ReplyKind kind, string message, ImmutableArray<string> changes)
        => new(kind, message, changes, state with { History = state.History.Add(new ConversationTurn(ConversationRoles.Assistant, message)) });

    private static bool Has(ConversationState state, string field) => state.Stated.Contains(field);

    // The load is an assumption until the user states users or a rate.
    private static bool LoadAssumed(ConversationState state)
        => !Has(state, IntentFields.UserCount) && !Has(state, IntentFields.ExpectedQps);

    private static string Load(DeploymentIntent intent) => intent.ExpectedQps is { } q ? F($"{q:0.###} req/s") : F($"{intent.UserCount:N0} users");

    private static string Assumption(string topic) => topic switch
    {
        ConversationTopics.Load => F($"load unknown: assuming {DefaultUsers:N0} users and showing more options"),
        ConversationTopics.Latency => "latency needs unknown: keeping the use case's standard targets and showing more options",
        ConversationTopics.UseCase => "use case unknown: assuming a conversational chatbot",
        _ => "no constraints given: considering every GPU, cloud pricing",
    };

    private static string Describe(string field, DeploymentIntent intent) => field switch
    {
        IntentFields.UseCase => $"use case: {intent.UseCase}",
        IntentFields.UserCount => F($"users: {intent.UserCount:N0}"),
        IntentFields.ExpectedQps => F($"load: {intent.ExpectedQps:0.###} req/s"),
        IntentFields.LatencyPriority => $"latency priority: {intent.LatencyPriority.ToString().ToLowerInvariant()}",
        IntentFields.CostPriority => $"cost priority: {intent.CostPriority.ToString().ToLowerInvariant()}",
        IntentFields.AccuracyPriority => $"accuracy priority: {intent.AccuracyPriority.ToString().ToLowerInvariant()}",
        IntentFields.PreferredGpuTypes => $"GPUs: {string.Join(", ", intent.PreferredGpuTypes)}",
        IntentFields.PreferredModels => $"models: {string.Join(", ", intent.PreferredModels.Select(m => m.Name))}",
        IntentFields.MaxMonthlyCostUsd => F($"budget: ${intent.MaxMonthlyCostUsd:N0}/month"),
        _ => $"deployment: {intent.DeploymentModel.ToString().ToLowerInvariant()}",
    };

    [GeneratedRegex(@"^\W*(?:i\s+(?:do\s*n[o']?t|really\s+do\s*n[o']?t)\s+know|i\s*'?m\s+not\s+sure|not\s+sure|no\s+idea|dunno|don'?t\s+know|unknown|unsure|skip|pass|hard\s+to\s+say|no\s+clue)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DontKnow();

    [GeneratedRegex(@"^\W*(?:no|none|nope|nothing|no constraints?|no particular constraints?|not really|anything)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoConstraints();

    [GeneratedRegex(@"(?<![\w.])(?<minus>[-−]\s*)?(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?<k>k\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex BareNumber();

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
