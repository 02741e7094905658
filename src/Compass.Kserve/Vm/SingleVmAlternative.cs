using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Kserve.Vm;

/// <summary>
/// The single-VM alternative to one recommendation of a plan: for each provider of the VM catalog, the instance that
/// would run it and its price beside the plan's Kubernetes GPU-hours (<see cref="SingleVmPricer"/>).
/// </summary>
public sealed record SingleVmAlternative
{
    /// <summary>Gets the rank of the recommendation.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets the quotes, one per provider that has an instance holding one replica, in the catalog's provider order.</summary>
    public required ImmutableArray<SingleVmQuote> Quotes { get; init; }

    /// <summary>Gets the providers none of whose instances holds one replica.</summary>
    public ImmutableArray<CloudProvider> Unavailable { get; init; } = [];

    /// <summary>Gets the GPU memory one replica needs at the planned tensor parallelism, in GiB (<see cref="VmInstanceSelector.ReplicaMemoryGiB"/>).</summary>
    public required double ReplicaMemoryGiB { get; init; }

    /// <summary>Gets the plan's Kubernetes price per month, USD, as the plan states it.</summary>
    public required double KubernetesMonthlyUsd { get; init; }

    /// <summary>Gets the hours in a month both prices use.</summary>
    public required double HoursPerMonth { get; init; }

    /// <summary>Gets the quote of a provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>The quote, or <see langword="null"/> when the provider has no instance holding one replica.</returns>
    public SingleVmQuote? For(CloudProvider provider) => Quotes.FirstOrDefault(q => q.Provider == provider);
}
