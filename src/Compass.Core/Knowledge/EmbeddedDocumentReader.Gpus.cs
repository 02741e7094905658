using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>The GPUs document (<c>gpus.json</c>).</summary>
internal static partial class EmbeddedDocumentReader
{
    /// <summary>Reads an embedded GPUs document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The GPUs.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<GpuSpec> ReadGpus(Stream json, string name) => ReadList(json, name, "gpus", Gpu);

    private static GpuSpec Gpu(JsonElement element, string path)
    {
        GpuType? type = null;
        string? displayName = null, vendor = null, interconnect = null, nodeSelectorValue = null, family = null, source = null;
        string? resourceName = null, nodeSelectorKey = null;
        double? memory = null, bandwidth = null, bf16 = null, fp8 = null, int8 = null, interconnectSpeed = null, tdp = null, purchase = null;
        int? maxGpusPerNode = null;
        ImmutableArray<RentalPrice> prices = default;
        ImmutableArray<string> aliases = default;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "type": type = Value(p, path, GpuType.Parse); break;
                case "displayName": displayName = Text(p, path); break;
                case "vendor": vendor = Text(p, path); break;
                case "memoryGiB": memory = Number(p, path); break;
                case "memoryBandwidthGBps": bandwidth = Number(p, path); break;
                case "bf16Tflops": bf16 = Number(p, path); break;
                case "fp8Tflops": fp8 = OptionalNumber(p, path); break;
                case "int8Tops": int8 = OptionalNumber(p, path); break;
                case "interconnectGBps": interconnectSpeed = Number(p, path); break;
                case "interconnect": interconnect = Text(p, path); break;
                case "maxGpusPerNode": maxGpusPerNode = Integer(p, path); break;
                case "tdpWatts": tdp = Number(p, path); break;
                case "purchasePriceUsd": purchase = OptionalNumber(p, path); break;
                case "rentalPrices": prices = Array(p, path, Price); break;
                case "resourceName": resourceName = Text(p, path); break;
                case "nodeSelectorKey": nodeSelectorKey = Text(p, path); break;
                case "nodeSelectorValue": nodeSelectorValue = Text(p, path); break;
                case "aliases": aliases = Texts(p, path); break;
                case "family": family = OptionalText(p, path); break;
                case "source": source = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        var gpu = new GpuSpec
        {
            Type = type ?? throw Missing(path, "type"),
            DisplayName = displayName ?? throw Missing(path, "displayName"),
            Vendor = vendor ?? throw Missing(path, "vendor"),
            MemoryGiB = memory ?? throw Missing(path, "memoryGiB"),
            MemoryBandwidthGBps = bandwidth ?? throw Missing(path, "memoryBandwidthGBps"),
            Bf16Tflops = bf16 ?? throw Missing(path, "bf16Tflops"),
            Fp8Tflops = fp8,
            Int8Tops = int8,
            InterconnectGBps = interconnectSpeed ?? throw Missing(path, "interconnectGBps"),
            Interconnect = interconnect ?? throw Missing(path, "interconnect"),
            TdpWatts = tdp ?? throw Missing(path, "tdpWatts"),
            PurchasePriceUsd = purchase,
            RentalPrices = prices,
            NodeSelectorValue = nodeSelectorValue ?? throw Missing(path, "nodeSelectorValue"),
            Aliases = aliases,
            Family = family,
            Source = source ?? string.Empty,
        };

        // Properties with an initializer keep it unless the document states them.
        gpu = maxGpusPerNode is { } max ? gpu with { MaxGpusPerNode = max } : gpu;
        gpu = resourceName is not null ? gpu with { ResourceName = resourceName } : gpu;
        return nodeSelectorKey is not null ? gpu with { NodeSelectorKey = nodeSelectorKey } : gpu;
    }

    private static RentalPrice Price(JsonElement element, string path)
    {
        CloudProvider? provider = null;
        PricingTier? tier = null;
        double? usd = null;
        string? source = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "provider": provider = Value(p, path, CloudProvider.Parse); break;
                case "tier": tier = Choice<PricingTier>(p, path); break;
                case "usdPerGpuHour": usd = Number(p, path); break;
                case "source": source = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new RentalPrice
        {
            Provider = provider ?? throw Missing(path, "provider"),
            Tier = tier ?? throw Missing(path, "tier"),
            UsdPerGpuHour = usd ?? throw Missing(path, "usdPerGpuHour"),
            Source = source ?? string.Empty,
        };
    }
}
