using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Planning.Conversation;

/// <summary>
/// Reads a follow-up to a plan: cheaper / faster / more accurate, a new load ("double the users", "what if we had 20k
/// users", "30 qps"), GPU restrictions ("we only have L4s", "no A100"), models, a budget, SLO edits ("TTFT under 200 ms"),
/// on-premises or purchase, and "compare the top two". Deterministic; what it does not recognise is left to the
/// intent extractor.
/// </summary>
internal static partial class RefinementParser
{
    [GeneratedRegex(@"\b(?:cheaper|less expensive|lower (?:the )?costs?|reduce (?:the )?costs?|cut (?:the )?costs?|save money|too expensive|cost less|costs? too much)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cheaper();

    [GeneratedRegex(@"\b(?:faster|quicker|lower latency|less latency|more responsive|snappier|speed it up|too slow)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Faster();

    [GeneratedRegex(@"\b(?:more accurate|better quality|higher quality|smarter|better model|more capable|bigger model|accuracy matters more)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MoreAccurate();

    [GeneratedRegex(@"\b(?<factor>double|twice|triple|three times|quadruple|halve|half)\b(?:\s+(?:as many|the))?\s+(?:number of\s+)?(?:users|traffic|load|people|requests|qps)", RegexOptions.IgnoreCase)]
    private static partial Regex LoadFactorWord();

    [GeneratedRegex(@"\b(?<factor>\d+(?:\.\d+)?)\s*(?:x|×|times)\s+(?:the\s+|more\s+)?(?:users|traffic|load|people|requests|qps)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LoadFactorNumber();

    [GeneratedRegex(@"\b(?<metric>ttft|time to first token|first token|itl|inter-?token(?: latency)?|time per (?:output )?token|tpot|e2e|end-to-end(?: latency)?|total (?:response )?time)\b[^.;\d]{0,30}?(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|milliseconds?|s|sec|seconds?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SloEdit();

    [GeneratedRegex(@"\bcompare\b(?:[^.;]*?\b(?:top|first)\s+(?:two|2)\b|[^.;]*?#?(?<a>\d)\s*(?:and|&|vs\.?|with|to)\s*#?(?<b>\d))?", RegexOptions.IgnoreCase)]
    private static partial Regex Compare();

    public static Refinement Parse(string text, DeploymentIntent intent, Specification.PlanOverrides overrides, SloTargets slo, KnowledgeCatalog catalog)
    {
        var changes = new List<string>();
        var next = intent;
        var edits = overrides;

        (int, int)? compare = null;
        if (Compare().Match(text) is { Success: true } c)
        {
            compare = c.Groups["a"].Success ? (int.Parse(c.Groups["a"].Value, CultureInfo.InvariantCulture), int.Parse(c.Groups["b"].Value, CultureInfo.InvariantCulture)) : (1, 2);
        }

        var cheaper = Cheaper().IsMatch(text);
        if (cheaper && next.CostPriority != Priority.High)
        {
            changes.Add($"cost priority: {Name(next.CostPriority)} → high");
            next = next with { CostPriority = Priority.High };
        }

        if (Faster().IsMatch(text) && next.LatencyPriority != Priority.High)
        {
            changes.Add($"latency priority: {Name(next.LatencyPriority)} → high");
            next = next with { LatencyPriority = Priority.High };
        }

        if (MoreAccurate().IsMatch(text) && next.AccuracyPriority != Priority.High)
        {
            changes.Add($"accuracy priority: {Name(next.AccuracyPriority)} → high");
            next = next with { AccuracyPriority = Priority.High };
        }

        var before = next;
        next = Load(text, next, changes, out var loadStated);
        loadStated &= next.UserCount != before.UserCount || next.ExpectedQps != before.ExpectedQps;

        var (gpus, _) = MentionParser.FindGpus(text, catalog);
        if (!gpus.IsEmpty && !gpus.SequenceEqual(next.PreferredGpuTypes))
        {
            changes.Add($"GPUs: {List(next.PreferredGpuTypes, "any")} → {List(gpus, "any")}");
            next = next with { PreferredGpuTypes = gpus };
        }

        var (models, _, _) = MentionParser.FindModels(text, catalog);
        if (!models.IsEmpty && !models.SequenceEqual(next.PreferredModels))
        {
            changes.Add($"models: {List(next.PreferredModels.Select(m => m.Name), "any")} → {List(models.Select(m => m.Name), "any")}");
            next = next with { PreferredModels = models };
        }

        if (BudgetParser.FindBudget(text) is { } budget && budget.MonthlyUsd != next.MaxMonthlyCostUsd)
        {
            changes.Add(F($"budget: {(next.MaxMonthlyCostUsd is { } b ? F($"${b:N0}/month") : "none")} → ${budget.MonthlyUsd:N0}/month"));
            next = next with { MaxMonthlyCostUsd = budget.MonthlyUsd };
        }

        if (BudgetParser.FindDeploymentModel(text) is { } deployment && deployment != next.DeploymentModel)
        {
            changes.Add($"deployment: {Name(next.DeploymentModel)} → {Name(deployment)}");
            next = next with { DeploymentModel = deployment };
        }

        foreach (Match m in SloEdit().Matches(text))
        {
            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            var ms = m.Groups["unit"].Value.StartsWith('s') ? value * 1000 : value;
            var metric = m.Groups["metric"].Value.ToLowerInvariant();
            if (ms <= 0)
            {
                continue;
            }

            if (metric is "ttft" || metric.Contains("first token", StringComparison.Ordinal))
            {
                changes.Add(F($"TTFT target: {edits.TtftMs ?? slo.TtftMs:0} ms → {ms:0} ms"));
                edits = edits with { TtftMs = ms };
            }
            else if (metric.StartsWith("e2e", StringComparison.Ordinal) || metric.Contains("end-to-end", StringComparison.Ordinal) || metric.StartsWith("total", StringComparison.Ordinal))
            {
                changes.Add(F($"E2E target: {edits.E2eMs ?? slo.E2eMs:0} ms → {ms:0} ms"));
                edits = edits with { E2eMs = ms };
            }
            else
            {
                changes.Add(F($"ITL target: {edits.ItlMs ?? slo.ItlMs:0.#} ms → {ms:0.#} ms"));
                edits = edits with { ItlMs = ms };
            }
        }

        return new Refinement(next, edits, [.. changes], compare, cheaper, loadStated);
    }

    private static DeploymentIntent Load(string text, DeploymentIntent intent, List<string> changes, out bool stated)
    {
        stated = false;
        double? factor = null;
        if (LoadFactorWord().Match(text) is { Success: true } w)
        {
            factor = w.Groups["factor"].Value.ToLowerInvariant() switch
            {
                "double" or "twice" => 2,
                "triple" or "three times" => 3,
                "quadruple" => 4,
                _ => 0.5,
            };
        }
        else if (LoadFactorNumber().Match(text) is { Success: true } n)
        {
            factor = double.Parse(n.Groups["factor"].Value, CultureInfo.InvariantCulture);
        }

        if (factor is { } f and > 0)
        {
            if (intent.ExpectedQps is { } qps)
            {
                changes.Add(F($"load: {qps:0.###} → {qps * f:0.###} req/s"));
                return intent with { ExpectedQps = qps * f };
            }

            if (intent.UserCount is { } users)
            {
                var scaled = Math.Max(1, (int)Math.Round(users * f));
                changes.Add(F($"users: {users:N0} → {scaled:N0}"));
                return intent with { UserCount = scaled };
            }
        }

        if (LoadParser.FindRate(text) is { } rate && rate.Qps != intent.ExpectedQps)
        {
            stated = true;
            changes.Add(F($"load: {(intent.ExpectedQps is { } q ? F($"{q:0.###} req/s") : F($"{intent.UserCount:N0} users"))} → {rate.Qps:0.###} req/s"));
            return intent with { ExpectedQps = rate.Qps };
        }

        if (LoadParser.FindUsers(text) is { } mention && mention.Count != intent.UserCount)
        {
            stated = true;
            changes.Add(F($"users: {(intent.UserCount is { } u ? F($"{u:N0}") : "not given")} → {mention.Count:N0}"));
            return intent with { UserCount = mention.Count, ExpectedQps = null, UsersAreConcurrent = mention.Concurrent };
        }

        return intent;
    }

    private static string List<T>(IEnumerable<T> items, string empty)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? empty : text;
    }

    private static string Name<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
