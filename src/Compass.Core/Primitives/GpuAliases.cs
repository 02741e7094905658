using System.Collections.Frozen;

namespace Compass.Core;

/// <summary>The built-in alias table for the well-known GPU types; catalogs add their own aliases on top.</summary>
internal static class GpuAliases
{
    // Canonical names rather than GpuType values: a frozen dictionary of strings runs precompiled framework code.
    private static readonly FrozenDictionary<string, string> Table = Build();

    public static bool TryResolve(string? text, out GpuType value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!Table.TryGetValue(Normalize(text), out var canonical))
        {
            return false;
        }

        value = new GpuType(canonical);
        return true;
    }

    /// <summary>Gets the normalized alias keys that resolve to a well-known type.</summary>
    public static IEnumerable<string> KeysFor(GpuType type) => Table.Where(kv => new GpuType(kv.Value) == type).Select(kv => kv.Key);

    /// <summary>
    /// Reduces a GPU name to lower-case letters and digits without vendor prefixes or form-factor words, so that
    /// "NVIDIA-H100-80GB-HBM3", "nvidia h100 80gb" and "H100" meet at the same key.
    /// </summary>
    public static string Normalize(string text)
    {
        var chars = text.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray();
        var key = new string(chars);
        foreach (var prefix in new[] { "nvidia", "amdinstinct", "amd", "instinct", "tesla" })
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                key = key[prefix.Length..];
            }
        }

        foreach (var suffix in new[] { "hbm3e", "hbm3", "hbm2e", "hbm2", "gddr6", "pcie", "sxm5", "sxm4", "sxm", "nvl", "gpu", "gpus", "s" })
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length + 1 && !IsBareName(key))
            {
                key = key[..^suffix.Length];
            }
        }

        return key;
    }

    // "L40S" and "L4" must not lose their trailing "s" to the plural rule.
    private static bool IsBareName(string key) => key is "l40s" or "l4" or "a10g";

    private static FrozenDictionary<string, string> Build()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(GpuType type, params string[] aliases)
        {
            entries[Normalize(type.Value)] = type.Value;
            foreach (var alias in aliases)
            {
                entries[Normalize(alias)] = type.Value;
            }
        }

        Add(GpuType.L4, "NVIDIA-L4", "L4-24GB", "L4 24GB");
        Add(GpuType.A10G, "NVIDIA-A10G", "A10G-24GB", "A10G 24GB");
        Add(GpuType.L40S, "NVIDIA-L40S", "L40S-48GB", "L40S 48GB");
        Add(GpuType.A100Sxm40, "A100-40GB", "A100 40GB", "A100-SXM4-40GB", "NVIDIA-A100-SXM4-40GB", "A100-PCIE-40GB", "NVIDIA-A100-40GB");
        Add(GpuType.A100Sxm80, "A100-80GB", "A100 80GB", "A100-SXM4-80GB", "NVIDIA-A100-SXM4-80GB", "NVIDIA-A100-80GB-PCIe", "NVIDIA-A100-80GB");
        Add(GpuType.H100, "H100-80GB", "H100 80GB", "NVIDIA-H100-80GB-HBM3", "H100-SXM5-80GB", "H100-SXM", "NVIDIA-H100");
        Add(GpuType.H200, "H200-141GB", "NVIDIA-H200-141GB-HBM3", "H200-SXM", "NVIDIA-H200");
        Add(GpuType.B200, "NVIDIA-B200", "B200-180GB", "B200-SXM");
        Add(GpuType.MI300X, "AMD-MI300X", "AMD-Instinct-MI300X", "AMD_Instinct_MI300X", "MI300X-192GB");
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
