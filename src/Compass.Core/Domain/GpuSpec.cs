using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>What one GPU-hour costs from one provider at one pricing tier.</summary>
public sealed record RentalPrice
{
    /// <summary>Gets the provider.</summary>
    public required CloudProvider Provider { get; init; }

    /// <summary>Gets the tier.</summary>
    public required PricingTier Tier { get; init; }

    /// <summary>Gets the price per GPU per hour, in USD.</summary>
    public required double UsdPerGpuHour { get; init => field = Guard.PositiveFinite(value, nameof(UsdPerGpuHour)); }

    /// <summary>Gets where the price comes from and when it was read.</summary>
    public string Source { get => field ?? string.Empty; init; } = string.Empty;
}

/// <summary>
/// A GPU's datasheet figures (dense, not sparse, TFLOPS), its prices and how Kubernetes finds it. Memory in GiB
/// (2^30 bytes) as the driver reports it, bandwidths in GB/s (10^9 bytes per second).
/// </summary>
public sealed record GpuSpec
{
    /// <summary>Gets the canonical type.</summary>
    public required GpuType Type { get; init; }

    /// <summary>Gets the full product name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Gets the vendor (<c>NVIDIA</c>, <c>AMD</c>).</summary>
    public required string Vendor { get; init; }

    /// <summary>Gets the device memory in GiB as the driver reports it (a marketed "80 GB" H100 shows 81,559 MiB = 79.6 GiB).</summary>
    public required double MemoryGiB { get; init => field = Guard.PositiveFinite(value, nameof(MemoryGiB)); }

    /// <summary>Gets the peak memory bandwidth in GB/s.</summary>
    public required double MemoryBandwidthGBps { get; init => field = Guard.PositiveFinite(value, nameof(MemoryBandwidthGBps)); }

    /// <summary>Gets the dense BF16/FP16 tensor throughput in TFLOPS (without structured sparsity).</summary>
    public required double Bf16Tflops { get; init => field = Guard.PositiveFinite(value, nameof(Bf16Tflops)); }

    /// <summary>Gets the dense FP8 tensor throughput in TFLOPS, or <see langword="null"/> when the GPU has no FP8 tensor cores.</summary>
    public double? Fp8Tflops { get; init => field = Guard.PositiveFinite(value, nameof(Fp8Tflops)); }

    /// <summary>Gets the dense INT8 tensor throughput in TOPS.</summary>
    public double? Int8Tops { get; init => field = Guard.PositiveFinite(value, nameof(Int8Tops)); }

    /// <summary>Gets the GPU-to-GPU bandwidth per GPU in GB/s (one direction) used by tensor-parallel all-reduce.</summary>
    public required double InterconnectGBps { get; init => field = Guard.PositiveFinite(value, nameof(InterconnectGBps)); }

    /// <summary>Gets the interconnect (<c>NVLink 4</c>, <c>PCIe 4.0 x16</c>, <c>Infinity Fabric</c>).</summary>
    public required string Interconnect { get; init; }

    /// <summary>Gets the most GPUs of this type in one node, which bounds tensor parallelism.</summary>
    public int MaxGpusPerNode { get; init => field = Guard.Positive(value, nameof(MaxGpusPerNode)); } = 8;

    /// <summary>Gets the board power (TDP) in watts.</summary>
    public required double TdpWatts { get; init => field = Guard.PositiveFinite(value, nameof(TdpWatts)); }

    /// <summary>Gets an indicative purchase price per GPU in USD (including its share of a server), or <see langword="null"/> when not sold.</summary>
    public double? PurchasePriceUsd { get; init => field = Guard.PositiveFinite(value, nameof(PurchasePriceUsd)); }

    /// <summary>Gets the hourly rental prices.</summary>
    public ImmutableArray<RentalPrice> RentalPrices { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets the Kubernetes extended resource that requests this GPU (<c>nvidia.com/gpu</c>).</summary>
    public string ResourceName { get => field ?? "nvidia.com/gpu"; init; } = "nvidia.com/gpu";

    /// <summary>Gets the node label key that identifies the GPU model (<c>nvidia.com/gpu.product</c>).</summary>
    public string NodeSelectorKey { get => field ?? "nvidia.com/gpu.product"; init; } = "nvidia.com/gpu.product";

    /// <summary>Gets the node label value (as GPU Feature Discovery sets it, e.g. <c>NVIDIA-H100-80GB-HBM3</c>).</summary>
    public required string NodeSelectorValue { get; init; }

    /// <summary>Gets other names of the GPU.</summary>
    public ImmutableArray<string> Aliases { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets the family the GPU belongs to (<c>A100</c> for both A100 sizes), so that "A100" can mean either.</summary>
    public string? Family { get; init; }

    /// <summary>Gets where the figures come from.</summary>
    public string Source { get => field ?? string.Empty; init; } = string.Empty;

    /// <summary>Gets device memory in bytes.</summary>
    public double MemoryBytes => MemoryGiB * 1024 * 1024 * 1024;

    /// <summary>Gets the dense tensor throughput for a weight format in FLOP/s (FP8 paths use FP8 tensor cores when present).</summary>
    /// <param name="quantization">The weight format.</param>
    /// <returns>FLOP/s.</returns>
    public double PeakFlops(Quantization quantization)
    {
        if (quantization == Quantization.Fp8 && Fp8Tflops is { } fp8)
        {
            return fp8 * 1e12;
        }

        if (quantization == Quantization.W8A8 && Int8Tops is { } int8)
        {
            return int8 * 1e12;
        }

        return Bf16Tflops * 1e12;
    }

    /// <summary>Finds a rental price.</summary>
    /// <param name="provider">The provider, or <see langword="null"/> for the cheapest one.</param>
    /// <param name="tier">The tier.</param>
    /// <returns>The price, or <see langword="null"/> when none is listed.</returns>
    public RentalPrice? FindPrice(CloudProvider? provider, PricingTier tier)
        => RentalPrices.Where(p => p.Tier == tier && (provider is null || p.Provider == provider.Value))
            .OrderBy(p => p.UsdPerGpuHour)
            .FirstOrDefault();
}
