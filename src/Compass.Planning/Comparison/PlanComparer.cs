using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Comparison;

/// <summary>
/// Compares 2–4 named plans field by field: traffic, SLO targets, and each plan's top recommendation (model, GPU,
/// tensor parallelism, replicas, GPUs, monthly cost, predicted latencies at the SLO percentile, $ per 1M output tokens).
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class PlanComparer
{
    /// <summary>The fewest plans a comparison takes.</summary>
    public const int MinScenarios = 2;

    /// <summary>The most plans a comparison takes.</summary>
    public const int MaxScenarios = 4;

    private static readonly (string Field, Func<Plan, Recommendation?, string?> Read)[] Fields =
    [
        ("useCase", (p, _) => p.UseCase.Value),
        ("traffic.users", (p, _) => p.Traffic.UserCount?.ToString(CultureInfo.InvariantCulture)),
        ("traffic.meanQps", (p, _) => Number(p.Traffic.MeanQps)),
        ("traffic.peakQps", (p, _) => Number(p.Traffic.PeakQps)),
        ("traffic.promptTokens", (p, _) => p.Traffic.PromptTokens.ToString()),
        ("traffic.outputTokens", (p, _) => p.Traffic.OutputTokens.ToString()),
        ("slo.ttftMs", (p, _) => Number(p.Slo.TtftMs)),
        ("slo.itlMs", (p, _) => Number(p.Slo.ItlMs)),
        ("slo.e2eMs", (p, _) => Number(p.Slo.E2eMs)),
        ("slo.percentile", (p, _) => Number(p.Slo.Percentile)),
        ("recommendations", (p, _) => p.Recommendations.Length.ToString(CultureInfo.InvariantCulture)),
        ("top.model", (_, r) => r?.Model.Value),
        ("top.quantization", (_, r) => r?.Quantization.ToString()),
        ("top.gpu", (_, r) => r?.Gpu.Value),
        ("top.tensorParallel", (_, r) => r?.TensorParallel.ToString(CultureInfo.InvariantCulture)),
        ("top.replicas", (_, r) => r?.Replicas.ToString(CultureInfo.InvariantCulture)),
        ("top.totalGpus", (_, r) => r?.TotalGpus.ToString(CultureInfo.InvariantCulture)),
        ("top.monthlyCostUsd", (_, r) => r is null ? null : Number(r.Cost.MonthlyUsd, "0.00")),
        ("top.predicted.ttftMs", (_, r) => r is null ? null : Number(r.Predicted.TtftMs)),
        ("top.predicted.itlMs", (_, r) => r is null ? null : Number(r.Predicted.ItlMs)),
        ("top.predicted.e2eMs", (_, r) => r is null ? null : Number(r.Predicted.E2eMs)),
        ("top.usdPerMillionOutputTokens", (_, r) => r is null ? null : Number(r.Cost.UsdPerMillionOutputTokens, "0.00")),
        ("top.meetsSlo", (_, r) => r is null ? null : r.MeetsSlo ? "true" : "false"),
    ];

    /// <summary>Gets the names of the compared fields, in the order they are reported.</summary>
    public static ImmutableArray<string> FieldNames { get; } = [.. Fields.Select(f => f.Field)];

    /// <summary>Compares the plans.</summary>
    /// <param name="plans">2–4 plans with distinct, non-empty names.</param>
    /// <returns>The differences and the fields that are the same.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plans"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">Fewer than 2 or more than 4 plans, or a name is empty or repeated.</exception>
    public static PlanComparison Compare(IReadOnlyList<NamedPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        if (plans.Count is < MinScenarios or > MaxScenarios)
        {
            throw new ArgumentException($"Compare {MinScenarios} to {MaxScenarios} scenarios (got {plans.Count}).", nameof(plans));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var plan in plans)
        {
            ArgumentNullException.ThrowIfNull(plan, nameof(plans));
            ArgumentNullException.ThrowIfNull(plan.Plan, nameof(plans));
            if (string.IsNullOrWhiteSpace(plan.Name))
            {
                throw new ArgumentException("Every scenario needs a name.", nameof(plans));
            }

            if (!names.Add(plan.Name.Trim()))
            {
                throw new ArgumentException($"The scenario name '{plan.Name.Trim()}' is used twice; give each scenario its own name.", nameof(plans));
            }
        }

        var differences = ImmutableArray.CreateBuilder<PlanDifference>();
        var same = ImmutableArray.CreateBuilder<string>();
        foreach (var (field, read) in Fields)
        {
            ImmutableArray<string?> values = [.. plans.Select(p => read(p.Plan, p.Plan.Recommendations.IsEmpty ? null : p.Plan.Recommendations[0]))];
            if (values.Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                differences.Add(new PlanDifference(field, values));
            }
            else
            {
                same.Add(field);
            }
        }

        return new PlanComparison([.. plans.Select(p => p.Name.Trim())], differences.ToImmutable(), same.ToImmutable());
    }

    private static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);
}
