using Compass.Planning.Simulation;

namespace Compass.Planning.Tests.Simulation;

public sealed class SummaryTests
{
    [Fact]
    public void Percentiles_AreNearestRank()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, Percentiles.NearestRank(values, 50));
        Assert.Equal(9, Percentiles.NearestRank(values, 90));
        Assert.Equal(10, Percentiles.NearestRank(values, 95));
        Assert.Equal(10, Percentiles.NearestRank(values, 99));
        Assert.Equal(1, Percentiles.NearestRank(values, 0.1));
        Assert.Equal(7, Percentiles.NearestRank([7], 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(values, 0));
        Assert.Throws<ArgumentException>(() => Percentiles.NearestRank([], 50));
    }

    [Fact]
    public void LatencySummary_OfValues()
    {
        var summary = LatencySummary.Of([4, 1, 3, 2]);
        Assert.Equal(new LatencySummary(4, 2.5, 2, 4, 4, 4, 1, 4), summary);
        Assert.Equal(LatencySummary.Empty, LatencySummary.Of([]));
        Assert.Equal(4, summary.At(100));
    }

    [Fact]
    public void TokenGapHistogram_IsWithinItsBucketWidthOfTheExactPercentiles()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Exp(random.NextDouble() * 8) / 10).ToArray();
        var histogram = new TokenGapHistogram();
        foreach (var v in values)
        {
            histogram.Add(v);
        }

        var exact = LatencySummary.Of(values);
        var approx = histogram.Summary();
        Assert.Equal(exact.Count, approx.Count);
        Assert.Equal(exact.Mean, approx.Mean, 6);
        Assert.Equal(exact.Min, approx.Min);
        Assert.Equal(exact.Max, approx.Max);
        foreach (var p in new[] { 50.0, 90, 95, 99 })
        {
            Assert.InRange(approx.At(p) / exact.At(p), 1, 1.008);
        }
    }

    [Fact]
    public void TokenGapHistogram_OfOneRepeatedValue_IsExact()
    {
        var histogram = new TokenGapHistogram();
        for (var i = 0; i < 100; i++)
        {
            histogram.Add(12.345);
        }

        Assert.Equal(new LatencySummary(100, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345, 12.345), histogram.Summary() with { Mean = 12.345 });
    }
}
