using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Cli.Commands;

/// <summary>Reads the options that name one configuration (<c>--gpu</c>, <c>--quant</c>, <c>--kv-cache-dtype</c>) for estimate, simulate and plan.</summary>
internal static class ConfigurationOptions
{
    /// <summary>Resolves --gpu to exactly one GPU of the catalog.</summary>
    public static GpuSpec ResolveOneGpu(KnowledgeCatalog catalog, string name)
    {
        var gpus = catalog.ResolveGpus(name);
        return gpus.Length == 1
            ? gpus[0]
            : throw new CliException($"--gpu '{name}' names {gpus.Length} GPUs ({string.Join(", ", gpus.Select(g => g.Type))}); pick one.");
    }

    /// <summary>Parses --quant and checks that the model is available in that format.</summary>
    public static Quantization ParseFormat(ModelSpec model, string text)
    {
        Quantization q;
        try
        {
            q = Quantization.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException("--quant: " + ex.Message);
        }

        return model.FindFormat(q) is not null
            ? q
            : throw new CliException($"{model.Id} is not available as {q}; it has {string.Join(", ", model.Quantizations.Select(f => f.Quantization))}.");
    }

    /// <summary>Reads --kv-cache-dtype (vLLM's names) as a <see cref="KvCacheFormat"/>; <paramref name="fallback"/> when absent.</summary>
    public static KvCacheFormat ParseKvCacheDtype(string? text, KvCacheFormat fallback = default)
    {
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return KvCacheFormat.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException("--kv-cache-dtype: " + ex.Message);
        }
    }
}
