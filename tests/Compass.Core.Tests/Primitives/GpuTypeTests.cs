using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Core.Tests.Primitives;

public sealed class GpuTypeTests
{
    [Theory]
    [InlineData("h100", "H100")]
    [InlineData("NVIDIA-H100-80GB-HBM3", "H100")]
    [InlineData("nvidia h100 80gb", "H100")]
    [InlineData("H100s", "H100")]
    [InlineData("H100 GPUs", "H100")]
    [InlineData("A100-80GB", "A100-80")]
    [InlineData("NVIDIA-A100-SXM4-40GB", "A100-40")]
    [InlineData("l40s", "L40S")]
    [InlineData("L4", "L4")]
    [InlineData("L4s", "L4")]
    [InlineData("AMD-Instinct-MI300X", "MI300X")]
    [InlineData("NVIDIA-H200", "H200")]
    public void Parse_WellKnownAlias_ResolvesToCanonical(string text, string expected)
    {
        Assert.Equal(expected, GpuType.Parse(text).Value);
    }

    [Fact]
    public void Parse_UnknownName_IsKeptForCustomCatalogs()
    {
        Assert.Equal("RTX-4090", GpuType.Parse(" RTX-4090 ").Value);
        Assert.False(GpuType.TryParseWellKnown("RTX-4090", out _));
    }

    [Fact]
    public void Parse_Empty_Throws()
    {
        Assert.Throws<FormatException>(() => GpuType.Parse("  "));
    }

    [Fact]
    public void Equality_IsCaseInsensitive()
    {
        Assert.Equal(new GpuType("h100"), GpuType.H100);
        Assert.Equal(new GpuType("h100").GetHashCode(), GpuType.H100.GetHashCode());
        Assert.True(new GpuType("a100-80") == GpuType.A100Sxm80);
    }

    private static readonly string[] Aliases =
    [
        "h100", "H100-80GB", "NVIDIA-H100-80GB-HBM3", "a100-40gb", "A100 80GB", "NVIDIA-A100-SXM4-80GB", "l4", "NVIDIA-L4", "L40S", "a10g",
        "B200", "nvidia-b200", "MI300X", "AMD_Instinct_MI300X", "H200", "h200-141gb", "RTX-4090", "custom gpu",
    ];

    [Property(MaxTest = 500)]
    public Property Parse_IsIdempotent()
        => Prop.ForAll(Gen.Elements(Aliases).Zip(Gen.Choose(0, 2)).ToArbitrary(), x =>
        {
            var (alias, casing) = x;
            var text = casing switch { 0 => alias, 1 => alias.ToUpperInvariant(), _ => alias.ToLowerInvariant() };
            var once = GpuType.Parse(text);
            return GpuType.Parse(once.Value) == once;
        });

    [Property(MaxTest = 500)]
    public Property CatalogResolution_IsIdempotent()
        => Prop.ForAll(Gen.Elements(Aliases.Take(16).ToArray()).ToArbitrary(), alias =>
        {
            var catalog = Compass.Core.Knowledge.EmbeddedKnowledgeBase.Catalog;
            var found = catalog.FindGpus(alias);
            return found.Length == 1 && catalog.FindGpus(found[0].Type.Value).SequenceEqual(found);
        });
}
