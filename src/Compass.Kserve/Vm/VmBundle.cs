using System.Collections.Immutable;
using Compass.Core;
using Compass.Kserve.Manifests;

namespace Compass.Kserve.Vm;

/// <summary>
/// Everything to run one recommendation of a plan on cloud GPU VMs: Terraform, cloud-init, the Docker Compose stack
/// (vLLM replicas, with an nginx proxy when a VM runs several, Prometheus, Alertmanager, Grafana) with its configuration, the runbook and a README, plus what it costs.
/// </summary>
public sealed record VmBundle
{
    /// <summary>Gets the rank of the recommendation the bundle deploys.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets the provider.</summary>
    public required CloudProvider Provider { get; init; }

    /// <summary>
    /// Gets the instance type chosen: the plan's GPU, at least its tensor parallelism in GPUs, the one whose VMs carry the
    /// plan's replicas for the least per hour (<see cref="VmInstanceSelector.Exact"/>).
    /// </summary>
    public required CloudInstance Instance { get; init; }

    /// <summary>Gets the number of identical VMs: the planned replicas over <see cref="ReplicasPerVm"/>, rounded up.</summary>
    public required int VmCount { get; init; }

    /// <summary>
    /// Gets the vLLM replicas each VM runs, each on its own group of tensor-parallelism GPUs: the instance's GPUs over the
    /// tensor parallelism. Above one, an nginx proxy on the API port spreads the requests over them.
    /// </summary>
    public int ReplicasPerVm { get; init; } = 1;

    /// <summary>Gets the replicas all the VMs run (<see cref="VmCount"/> × <see cref="ReplicasPerVm"/>): at least the planned ones.</summary>
    public int Replicas => VmCount * ReplicasPerVm;

    /// <summary>Gets the region (location on Azure) the Terraform deploys to.</summary>
    public required string Region { get; init; }

    /// <summary>Gets the boot disk size of each VM, in GB: the weights, the container images and room for metrics.</summary>
    public required int DiskGiB { get; init; }

    /// <summary>Gets the networks the firewall admits.</summary>
    public required ImmutableArray<string> AllowedCidrs { get; init; }

    /// <summary>Gets the serving settings vLLM runs with (the same as the KServe manifests').</summary>
    public required ServingSettings Settings { get; init; }

    /// <summary>Gets vLLM's arguments on the VM (the KServe ones, reading the weights from Hugging Face).</summary>
    public required ImmutableArray<string> VllmArguments { get; init; }

    /// <summary>Gets the vLLM image.</summary>
    public required string VllmImage { get; init; }

    /// <summary>Gets the alerts, rules, Alertmanager configuration, runbook and dashboard the stack runs.</summary>
    public required MonitoringBundle Monitoring { get; init; }

    /// <summary>Gets the VM price beside the plan's Kubernetes GPU-hours.</summary>
    public required VmCost Cost { get; init; }

    /// <summary>Gets the files, by plain file name, in writing order.</summary>
    public required ImmutableArray<VmFile> Files { get; init; }

    /// <summary>Gets notes for the user (what to create on the VM, idle GPUs, the region of the price).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>Gets warnings (a firewall open to the internet).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Gets a file's content by name.</summary>
    /// <param name="name">The file name.</param>
    /// <returns>The content.</returns>
    /// <exception cref="KeyNotFoundException">The bundle has no such file.</exception>
    public string this[string name] => Files.FirstOrDefault(f => f.Name == name)?.Content ?? throw new KeyNotFoundException($"The VM bundle has no file {name}.");
}

/// <summary>One file of a VM bundle.</summary>
/// <param name="Name">A plain file name (<c>main.tf</c>).</param>
/// <param name="Content">The text.</param>
public sealed record VmFile(string Name, string Content);

/// <summary>What the VMs cost beside what the plan priced for Kubernetes (GPU-hours), per hour and per month.</summary>
public sealed record VmCost
{
    /// <summary>The hours in a month both prices use.</summary>
    public const double HoursPerMonth = 730;

    /// <summary>Gets the list on-demand price of one VM per hour (the catalog's, in <see cref="PriceRegion"/> at <see cref="PriceAsOf"/>).</summary>
    public required double VmUsdPerHour { get; init; }

    /// <summary>Gets the number of VMs.</summary>
    public required int VmCount { get; init; }

    /// <summary>Gets the price of every VM per hour.</summary>
    public double TotalUsdPerHour => VmUsdPerHour * VmCount;

    /// <summary>Gets the price of every VM per month (<see cref="HoursPerMonth"/> hours).</summary>
    public double MonthlyUsd => TotalUsdPerHour * HoursPerMonth;

    /// <summary>Gets the region the VM price is for.</summary>
    public required string PriceRegion { get; init; }

    /// <summary>Gets the month the VM price was read.</summary>
    public required string PriceAsOf { get; init; }

    /// <summary>Gets the pricing page the VM price comes from.</summary>
    public required Uri PriceSource { get; init; }

    /// <summary>Gets the GPUs the VMs carry but no replica uses (an instance whose GPUs are not a multiple of the tensor parallelism).</summary>
    public required int IdleGpus { get; init; }

    /// <summary>Gets the plan's GPUs on Kubernetes (replicas × tensor parallelism).</summary>
    public required int KubernetesGpus { get; init; }

    /// <summary>Gets the plan's price per GPU-hour on Kubernetes.</summary>
    public required double KubernetesUsdPerGpuHour { get; init; }

    /// <summary>Gets the plan's Kubernetes price per month, as the plan states it.</summary>
    public required double KubernetesMonthlyUsd { get; init; }

    /// <summary>Gets what the plan's Kubernetes price is based on.</summary>
    public required string KubernetesBasis { get; init; }
}
