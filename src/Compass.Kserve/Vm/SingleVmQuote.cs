using Compass.Core;

namespace Compass.Kserve.Vm;

/// <summary>
/// What one provider charges to run a recommendation on single VMs as <see cref="VmBundleGenerator"/> deploys it (each VM
/// running <see cref="VmInstanceChoice.ReplicasPerVm"/> replicas): the instance, how many, and the list on-demand price
/// per hour and per month.
/// </summary>
public sealed record SingleVmQuote
{
    /// <summary>Gets the provider.</summary>
    public CloudProvider Provider => Choice.Instance.Provider;

    /// <summary>Gets the instance chosen and how well it matches the plan.</summary>
    public required VmInstanceChoice Choice { get; init; }

    /// <summary>Gets the instance type (<see cref="VmInstanceChoice.Instance"/>).</summary>
    public CloudInstance Instance => Choice.Instance;

    /// <summary>Gets whether the instance carries the planned GPUs or is the closest alternative.</summary>
    public VmInstanceMatch Match => Choice.Match;

    /// <summary>Gets the number of VMs, each a complete stack: the planned replicas over <see cref="VmInstanceChoice.ReplicasPerVm"/>, rounded up (<see cref="VmInstanceChoice.VmsFor"/>).</summary>
    public required int VmCount { get; init; }

    /// <summary>Gets the replicas the VMs run in all (<see cref="VmCount"/> × <see cref="VmInstanceChoice.ReplicasPerVm"/>): at least the planned ones.</summary>
    public int Replicas => VmCount * Choice.ReplicasPerVm;

    /// <summary>Gets the GPUs of every VM that stay idle while paid for.</summary>
    public int IdleGpus => Choice.IdleGpus * VmCount;

    /// <summary>Gets the list on-demand price of one VM per hour, USD (the catalog's, in <see cref="CloudInstance.Region"/> at <see cref="CloudInstance.AsOf"/>).</summary>
    public double VmUsdPerHour => Instance.OnDemandUsdPerHour;

    /// <summary>Gets the price of every VM per hour, USD.</summary>
    public double TotalUsdPerHour => VmUsdPerHour * VmCount;

    /// <summary>Gets the hours in a month the monthly price uses: the plan's own (<see cref="CostAssumptions.HoursPerMonth"/>).</summary>
    public required double HoursPerMonth { get; init; }

    /// <summary>Gets the price of every VM per month, USD (<see cref="TotalUsdPerHour"/> × <see cref="HoursPerMonth"/>).</summary>
    public double MonthlyUsd => TotalUsdPerHour * HoursPerMonth;
}
