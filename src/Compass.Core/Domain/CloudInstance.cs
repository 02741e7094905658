namespace Compass.Core;

/// <summary>
/// A cloud GPU virtual machine type (<c>g6e.xlarge</c>, <c>a3-highgpu-1g</c>, <c>Standard_NC24ads_A100_v4</c>): its GPUs,
/// CPUs, memory and list on-demand price, with where and when that price was read.
/// </summary>
public sealed record CloudInstance
{
    /// <summary>Gets the provider that rents it.</summary>
    public required CloudProvider Provider { get; init; }

    /// <summary>Gets the instance type, as the provider's API names it.</summary>
    public required string Type { get; init; }

    /// <summary>Gets the instance family, as the provider's documentation names it (<c>G6e</c>, <c>A3 High</c>, <c>NC A100 v4</c>).</summary>
    public required string Family { get; init; }

    /// <summary>Gets the GPU type, a type of the knowledge base's GPU catalog.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the number of GPUs attached.</summary>
    public required int GpuCount { get; init; }

    /// <summary>Gets the memory of one GPU as the provider states it, in GB.</summary>
    public required double GpuMemoryGiB { get; init; }

    /// <summary>Gets the virtual CPUs.</summary>
    public required int VCpus { get; init; }

    /// <summary>Gets the host memory, in GiB.</summary>
    public required double MemoryGiB { get; init; }

    /// <summary>Gets the list on-demand Linux price per instance-hour in USD, in <see cref="Region"/>, at <see cref="AsOf"/>.</summary>
    public required double OnDemandUsdPerHour { get; init; }

    /// <summary>Gets the region the price is for (<c>us-east-1</c>, <c>us-central1</c>, <c>eastus</c>).</summary>
    public required string Region { get; init; }

    /// <summary>Gets the public pricing page the price was read from.</summary>
    public required Uri Source { get; init; }

    /// <summary>Gets the month the price was read (<c>2026-12</c>).</summary>
    public required string AsOf { get; init; }
}
