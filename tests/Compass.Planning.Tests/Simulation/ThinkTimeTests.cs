using Compass.Planning.Simulation;
using MathNet.Numerics.Random;

namespace Compass.Planning.Tests.Simulation;

public sealed class ThinkTimeTests
{
    [Theory]
    [InlineData("0", ThinkTimeKind.Fixed, 0)]
    [InlineData("2.5", ThinkTimeKind.Fixed, 2.5)]
    [InlineData("3s", ThinkTimeKind.Fixed, 3)]
    [InlineData("fixed:1", ThinkTimeKind.Fixed, 1)]
    [InlineData("exponential:2", ThinkTimeKind.Exponential, 2)]
    [InlineData("exp:0.5", ThinkTimeKind.Exponential, 0.5)]
    [InlineData("uniform:1,3", ThinkTimeKind.Uniform, 2)]
    [InlineData("LogNormal: 4, 2", ThinkTimeKind.LogNormal, 4)]
    public void Parse_AcceptsEachForm(string text, ThinkTimeKind kind, double mean)
    {
        var t = ThinkTime.Parse(text);
        Assert.Equal(kind, t.Kind);
        Assert.Equal(mean, t.MeanSeconds);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("-1", "between 0 and 86400 seconds")]
    [InlineData("exponential:0", "greater than 0")]
    [InlineData("uniform:3,1", "must not be below")]
    [InlineData("soon", "not a number of seconds")]
    [InlineData("gamma:1,2", "not a think time")]
    [InlineData("uniform:1", "not a think time")]
    [InlineData("1e9", "between 0 and 86400 seconds")]
    public void Parse_Rejects_InOneLine(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ThinkTime.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain("Parameter", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exponential:2")]
    [InlineData("uniform:1,3")]
    [InlineData("lognormal:2,1")]
    public void Draws_HaveTheStatedMean_AndAreNeverNegative(string text)
    {
        var t = ThinkTime.Parse(text);
        var random = new Xoshiro256StarStar(1, threadSafe: false);
        var draws = Enumerable.Range(0, 20_000).Select(_ => t.SampleMs(random)).ToArray();
        Assert.All(draws, d => Assert.True(d >= 0));
        Assert.InRange(draws.Average() / 1000, 0.97 * t.MeanSeconds, 1.03 * t.MeanSeconds);
    }
}
