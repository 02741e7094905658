using System.Collections.Immutable;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Kserve.Vm;

/// <summary>
/// Prices each recommendation of a plan as single VMs on every provider of the VM catalog, beside the plan's Kubernetes
/// GPU-hours: the instance <see cref="VmBundleGenerator"/> would deploy (<see cref="VmInstanceSelector"/>: the exact match,
/// else the closest alternative), in the VMs it would deploy (each running as many replicas as its GPUs hold, so the
/// last may run more than the plan needs), at the list on-demand price and the plan's hours per month.
/// Pure: reads nothing but its catalogs.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SingleVmPricer
{
    private readonly VmInstanceSelector _selector;

    /// <summary>Initializes a new instance of the <see cref="SingleVmPricer"/> class.</summary>
    /// <param name="catalog">The knowledge base (the GPUs' memory).</param>
    /// <param name="instances">The cloud instances, or <see langword="null"/> for <see cref="CloudInstanceCatalog.Embedded"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public SingleVmPricer(KnowledgeCatalog catalog, CloudInstanceCatalog? instances = null)
        => _selector = new VmInstanceSelector(catalog, instances);

    /// <summary>Prices every recommendation of a plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>One alternative per recommendation, in the plan's order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public ImmutableArray<SingleVmAlternative> Price(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Recommendations.Select(r => Price(plan, r))];
    }

    /// <summary>Prices one recommendation of a plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The alternative: a quote per provider that has an instance holding one replica.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SingleVmAlternative Price(Plan plan, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        var hours = plan.Constraints.Costs.HoursPerMonth;
        var quotes = ImmutableArray.CreateBuilder<SingleVmQuote>();
        var unavailable = ImmutableArray.CreateBuilder<CloudProvider>();
        foreach (var provider in _selector.Instances.Providers)
        {
            if (_selector.Select(provider, plan, recommendation) is { } choice)
            {
                quotes.Add(new SingleVmQuote { Choice = choice, VmCount = choice.VmsFor(Math.Max(1, recommendation.Replicas)), HoursPerMonth = hours });
            }
            else
            {
                unavailable.Add(provider);
            }
        }

        return new SingleVmAlternative
        {
            Rank = recommendation.Rank,
            Quotes = quotes.ToImmutable(),
            Unavailable = unavailable.ToImmutable(),
            ReplicaMemoryGiB = _selector.ReplicaMemoryGiB(plan, recommendation),
            KubernetesMonthlyUsd = recommendation.Cost.MonthlyUsd,
            HoursPerMonth = hours,
        };
    }
}
