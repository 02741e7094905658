using System.Text.Json;
using Compass.Core.Serialization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Core.Tests.Domain;

public sealed class TokenDistributionTests
{
    [Fact]
    public void Fixed_HasNoSpread()
    {
        var d = TokenDistribution.Fixed(512);
        Assert.Equal(512, d.P50);
        Assert.Equal(512, d.P95);
        Assert.Equal(0, d.StdDev);
    }

    [Fact]
    public void Normal_P95_IsMeanPlus1645Sd()
    {
        var d = TokenDistribution.Normal(1000, 100);
        Assert.Equal(1165, d.P95); // 1000 + 1.6449 × 100 = 1164.5, rounded up
        Assert.Equal(1000, d.P50);
    }

    [Fact]
    public void LogNormal_HasTheGivenMoments_AndIsRightSkewed()
    {
        var d = TokenDistribution.LogNormal(512, 128);
        Assert.Equal(512, d.Mean);
        Assert.True(d.P50 < 512);
        Assert.InRange(d.P95, 740, 750); // exp(μ + 1.645 σ) with σ² = ln(1 + 1/16)
    }

    [Fact]
    public void Empirical_UsesTheSamples()
    {
        var d = TokenDistribution.Empirical([100, 200, 300, 400, 500]);
        Assert.Equal(300, d.Mean);
        Assert.Equal(300, d.P50);
        Assert.Equal(480, d.P95);
    }

    [Theory]
    [InlineData("512", DistributionKind.Fixed, 512)]
    [InlineData("normal:512,128", DistributionKind.Normal, 512)]
    [InlineData("lognormal: 2048, 512", DistributionKind.LogNormal, 2048)]
    [InlineData("empirical:10,20,30", DistributionKind.Empirical, 20)]
    public void Parse_AcceptsEachForm(string text, DistributionKind kind, double mean)
    {
        var d = TokenDistribution.Parse(text);
        Assert.Equal(kind, d.Kind);
        Assert.Equal(mean, d.Mean);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("normal:512")]
    [InlineData("gaussian:512,10")]
    [InlineData("lognormal:abc,1")]
    [InlineData("normal:512,-1")]
    [InlineData("99999999999")]
    public void Parse_Rejects_WithUsage(string text)
    {
        var ex = Assert.Throws<FormatException>(() => TokenDistribution.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Json_RoundTrips_AndCarriesP95()
    {
        var d = TokenDistribution.LogNormal(512, 128);
        var json = JsonSerializer.Serialize(d, CompassJson.Compact);
        Assert.Contains("\"p95\":745", json, StringComparison.Ordinal);
        Assert.DoesNotContain("samples", json, StringComparison.Ordinal);
        Assert.Equal(d, JsonSerializer.Deserialize<TokenDistribution>(json, CompassJson.Options));
        var empirical = TokenDistribution.Empirical([5, 7]);
        Assert.Equal(empirical, JsonSerializer.Deserialize<TokenDistribution>(JsonSerializer.Serialize(empirical, CompassJson.Options), CompassJson.Options));
    }

    [Property(MaxTest = 500)]
    public Property Percentiles_AreOrdered_AndWithinBounds()
        => Prop.ForAll(Gen.Choose(1, 20_000).Zip(Gen.Choose(0, 100)).ToArbitrary(), x =>
        {
            var (mean, spread) = x;
            var d = TokenDistribution.LogNormal(mean, mean * spread / 100.0);
            return d.Min <= d.P50 && d.P50 <= d.P95 && d.P95 <= d.P99 && d.P99 <= d.Max;
        });
}
