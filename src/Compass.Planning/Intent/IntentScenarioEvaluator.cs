using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Intent;

/// <summary>The verdict on one expected field.</summary>
/// <param name="Field">The field.</param>
/// <param name="Expected">What was expected, in words.</param>
/// <param name="Actual">What was extracted.</param>
/// <param name="Passed">Whether it matches.</param>
public sealed record FieldVerdict(string Field, string Expected, string Actual, bool Passed);

/// <summary>The verdict on one scenario: it passes only if every field does.</summary>
/// <param name="Id">The scenario id.</param>
/// <param name="UserMessage">The prompt.</param>
/// <param name="Fields">Per-field verdicts.</param>
/// <param name="Notes">The extractor's notes.</param>
public sealed record ScenarioResult(string Id, string UserMessage, ImmutableArray<FieldVerdict> Fields, ImmutableArray<string> Notes)
{
    /// <summary>Gets whether every field passed.</summary>
    public bool Passed => Fields.All(f => f.Passed);
}

/// <summary>The result of running an extractor over a scenario set.</summary>
/// <param name="Extractor">The extractor's name.</param>
/// <param name="Results">One result per scenario.</param>
public sealed record IntentEvaluationReport(string Extractor, ImmutableArray<ScenarioResult> Results)
{
    /// <summary>Gets how many scenarios passed.</summary>
    public int PassedCount => Results.Count(r => r.Passed);

    /// <summary>Gets the share of scenarios that passed, in [0, 1].</summary>
    public double PassRate => Results.IsEmpty ? 0 : (double)PassedCount / Results.Length;
}

/// <summary>Checks extractions against labelled scenarios.</summary>
internal static class IntentScenarioEvaluator
{
    /// <summary>Runs an extractor over every scenario of a set.</summary>
    /// <param name="extractor">The extractor.</param>
    /// <param name="set">The scenarios.</param>
    /// <param name="cancellationToken">A token to cancel the run.</param>
    /// <returns>The report.</returns>
    public static async Task<IntentEvaluationReport> RunAsync(IIntentExtractor extractor, IntentScenarioSet set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(set);
        var results = ImmutableArray.CreateBuilder<ScenarioResult>(set.Scenarios.Length);
        string name = "unknown";
        foreach (var scenario in set.Scenarios)
        {
            var extraction = await extractor.ExtractAsync(scenario.UserMessage, scenario.History, cancellationToken).ConfigureAwait(false);
            name = extraction.Extractor;
            results.Add(Evaluate(scenario, extraction));
        }

        return new IntentEvaluationReport(name, results.MoveToImmutable());
    }

    /// <summary>Checks one extraction against one scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="extraction">The extraction.</param>
    /// <returns>The result.</returns>
    public static ScenarioResult Evaluate(IntentScenario scenario, IntentExtraction extraction)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(extraction);
        var verdicts = scenario.Expected.Select(e =>
        {
            var actual = Actual(extraction.Intent, e.Field);
            return new FieldVerdict(e.Field, e.ToString(), actual.Count == 1 ? actual[0] : "[" + string.Join(", ", actual) + "]", Check(e, actual));
        });
        return new ScenarioResult(scenario.Id, scenario.UserMessage, [.. verdicts], extraction.Notes);
    }

    private static bool Check(FieldExpectation e, IReadOnlyList<string> actual)
    {
        static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        return e.Kind switch
        {
            ExpectationKind.Exact => actual.Count == e.Values.Length && e.Values.All(v => actual.Any(a => Same(a, v))),
            ExpectationKind.OneOf => actual.Count == 1 && e.Values.Any(v => Same(v, actual[0])),
            ExpectationKind.Contains => e.Values.All(v => actual.Any(a => Same(a, v))),
            ExpectationKind.ContainsAny => e.Values.Any(v => actual.Any(a => Same(a, v))),
            ExpectationKind.ContainsAnyPartial => e.Values.Any(v => actual.Any(a => a.Contains(v, StringComparison.OrdinalIgnoreCase))),
            _ => actual.Count == 1 && double.TryParse(actual[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && (e.Min is null || n >= e.Min) && (e.Max is null || n <= e.Max),
        };
    }

    private static IReadOnlyList<string> Actual(DeploymentIntent intent, string field) => field switch
    {
        "use_case" => [intent.UseCase.Value],
        "experience_class" => intent.ExperienceClass is { } c ? [c.Value] : [],
        "user_count" => intent.UserCount is { } u ? [u.ToString(CultureInfo.InvariantCulture)] : [],
        "expected_qps" => intent.ExpectedQps is { } q ? [q.ToString(CultureInfo.InvariantCulture)] : [],
        "preferred_gpu_types" => [.. intent.PreferredGpuTypes.Select(g => g.Value)],
        "preferred_models" => [.. intent.PreferredModels.Select(m => m.Value)],
        "accuracy_priority" => [Lower(intent.AccuracyPriority)],
        "cost_priority" => [Lower(intent.CostPriority)],
        "latency_priority" => [Lower(intent.LatencyPriority)],
        "domain_specialization" => [.. intent.Domains],
        "max_monthly_cost_usd" => intent.MaxMonthlyCostUsd is { } b ? [b.ToString(CultureInfo.InvariantCulture)] : [],
        "deployment_model" => [Lower(intent.DeploymentModel)],
        _ => [],
    };

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
