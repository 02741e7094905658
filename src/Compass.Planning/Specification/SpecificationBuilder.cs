using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Traffic;

namespace Compass.Planning.Specification;

/// <summary>
/// Applies overrides to an intent and derives the specification from the use-case template: SLO targets for the
/// latency priority (then any explicit target), traffic from users or rate, and the planning constraints.
/// </summary>
public static class SpecificationBuilder
{
    /// <summary>Builds a plan request.</summary>
    /// <param name="intent">The extracted intent.</param>
    /// <param name="catalog">The knowledge catalog.</param>
    /// <param name="overrides">Values that replace extracted ones.</param>
    /// <param name="defaults">Constraint defaults (headroom, provider, tier, top, cost assumptions…) for what neither the intent nor the overrides set.</param>
    /// <returns>The effective intent and its specification.</returns>
    /// <exception cref="UnknownNameException">A use case, GPU or model is not in the catalog.</exception>
    /// <exception cref="ArgumentException">A value is out of range or values contradict each other; the message says which.</exception>
    public static PlanRequest Build(DeploymentIntent intent, KnowledgeCatalog catalog, PlanOverrides? overrides = null, PlanningConstraints? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(catalog);
        overrides ??= new PlanOverrides();
        defaults ??= new PlanningConstraints();

        var effective = ApplyOverrides(intent, overrides);
        var template = catalog.FindUseCase(effective.UseCase) ?? catalog.ResolveUseCase(effective.UseCase.Value);
        effective = effective with { ExperienceClass = template.ExperienceClass };
        foreach (var gpu in effective.PreferredGpuTypes)
        {
            if (catalog.GetGpu(gpu) is null)
            {
                catalog.ResolveGpus(gpu.Value);
            }
        }

        foreach (var model in effective.PreferredModels)
        {
            if (catalog.GetModel(model) is null)
            {
                catalog.ResolveModel(model.Value);
            }
        }

        var slo = Slo(template, effective.LatencyPriority, overrides);
        var traffic = TrafficModel.Derive(template.Workload, effective, slo.E2eMs, overrides.PromptTokens, overrides.OutputTokens, overrides.PeakMultiplier);
        CheckPricing(effective.DeploymentModel, overrides);

        var constraints = defaults with
        {
            Gpus = effective.PreferredGpuTypes,
            Models = effective.PreferredModels,
            Quantizations = overrides.Quantizations ?? defaults.Quantizations,
            KvCacheDtype = overrides.KvCacheDtype ?? defaults.KvCacheDtype,
            MaxMonthlyCostUsd = effective.MaxMonthlyCostUsd,
            DeploymentModel = effective.DeploymentModel,
            Provider = effective.DeploymentModel == DeploymentModel.Cloud ? overrides.Provider ?? defaults.Provider : null,
            PricingTier = overrides.PricingTier ?? defaults.PricingTier,
            LatencyPriority = effective.LatencyPriority,
            CostPriority = effective.CostPriority,
            AccuracyPriority = effective.AccuracyPriority,
            Headroom = overrides.Headroom ?? defaults.Headroom,
            RedundantReplicas = overrides.RedundantReplicas ?? defaults.RedundantReplicas,
            Top = overrides.Top ?? defaults.Top,
            Costs = overrides.Costs ?? defaults.Costs,
        };

        return new PlanRequest(effective, new DeploymentSpecification
        {
            UseCase = template.Id,
            ExperienceClass = template.ExperienceClass,
            Traffic = traffic,
            Slo = slo,
            Constraints = constraints,
        });
    }

    private static DeploymentIntent ApplyOverrides(DeploymentIntent intent, PlanOverrides o)
    {
        var result = intent with
        {
            UseCase = o.UseCase ?? intent.UseCase,
            LatencyPriority = o.LatencyPriority ?? intent.LatencyPriority,
            CostPriority = o.CostPriority ?? intent.CostPriority,
            AccuracyPriority = o.AccuracyPriority ?? intent.AccuracyPriority,
            PreferredGpuTypes = o.Gpus ?? intent.PreferredGpuTypes,
            PreferredModels = o.Models ?? intent.PreferredModels,
            MaxMonthlyCostUsd = o.MaxMonthlyCostUsd ?? intent.MaxMonthlyCostUsd,
            DeploymentModel = o.DeploymentModel ?? intent.DeploymentModel,
        };

        // An explicit user count replaces both the extracted count and any extracted rate; an explicit rate wins over users.
        if (o.Users is { } users)
        {
            result = result with { UserCount = users, UsersAreConcurrent = false, ExpectedQps = o.Qps };
        }
        else if (o.Qps is { } qps)
        {
            result = result with { ExpectedQps = qps };
        }

        return result;
    }

    private static SloTargets Slo(UseCaseTemplate template, Priority latency, PlanOverrides o)
    {
        var baseline = template.Slo.TargetsFor(latency);
        var targets = new SloTargets
        {
            TtftMs = o.TtftMs ?? baseline.TtftMs,
            ItlMs = o.ItlMs ?? baseline.ItlMs,
            E2eMs = o.E2eMs ?? baseline.E2eMs,
            Percentile = o.Percentile ?? baseline.Percentile,
        };

        if (targets.E2eMs < targets.TtftMs)
        {
            var which = (o.TtftMs, o.E2eMs) switch
            {
                (not null, not null) => "the TTFT and E2E targets given",
                (not null, null) => string.Create(CultureInfo.InvariantCulture, $"the TTFT target given and the use case's E2E target ({targets.E2eMs:0} ms)"),
                _ => string.Create(CultureInfo.InvariantCulture, $"the E2E target given and the use case's TTFT target ({targets.TtftMs:0} ms)"),
            };
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Contradictory SLOs: {which} ask for E2E {targets.E2eMs:0} ms below TTFT {targets.TtftMs:0} ms. E2E includes TTFT; raise E2E or lower TTFT."));
        }

        return targets;
    }

    private static void CheckPricing(DeploymentModel model, PlanOverrides o)
    {
        if (model != DeploymentModel.Cloud && (o.Provider is not null || o.PricingTier is not null))
        {
            throw new ArgumentException(
                $"A cloud provider or pricing tier only applies to cloud deployments, but the deployment model is {model.ToString().ToLowerInvariant()}. Leave PlanOverrides.Provider and PricingTier unset, or set DeploymentModel to Cloud.");
        }
    }

    /// <summary>Lists the GPUs a set of names refers to, expanding families, for building overrides.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="names">The names.</param>
    /// <returns>The GPU types.</returns>
    /// <exception cref="UnknownNameException">A name is not a GPU in the catalog.</exception>
    public static ImmutableArray<GpuType> ResolveGpus(KnowledgeCatalog catalog, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.SelectMany(n => catalog.ResolveGpus(n)).Select(g => g.Type).Distinct()];
    }

    /// <summary>Lists the models a set of names refers to, for building overrides.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="names">The names.</param>
    /// <returns>The model ids.</returns>
    /// <exception cref="UnknownNameException">A name is not a model in the catalog.</exception>
    public static ImmutableArray<ModelId> ResolveModels(KnowledgeCatalog catalog, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Select(n => catalog.ResolveModel(n).Spec.Id).Distinct()];
    }
}
