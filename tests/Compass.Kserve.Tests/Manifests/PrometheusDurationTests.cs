using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests.Manifests;

/// <summary><see cref="PrometheusDuration"/>: what it reads, what it refuses, and that it reads back what it writes.</summary>
public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5_400)]
    [InlineData("2d", 172_800)]
    [InlineData("1d2h3m4s", 93_784)]
    [InlineData(" 90s ", 90)]
    [InlineData("0s", 0)]
    public void Parse_ReadsPrometheusDurations(string text, long seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), PrometheusDuration.Parse(text));

    [Theory]
    [InlineData("3", "has no unit; write it as Prometheus does, e.g. 3s or 3m")]
    [InlineData("1.5", "has no unit")]
    [InlineData("1.5m", "is not a duration")]
    [InlineData("500ms", "is not a duration")]
    [InlineData("5m3h", "is not a duration")]
    [InlineData("5m5m", "is not a duration")]
    [InlineData("5 m", "is not a duration")]
    [InlineData("-5m", "is not a duration")]
    [InlineData("", "is not a duration")]
    [InlineData("1w", "is not a duration")]
    [InlineData("999999999d", "longer than any duration")]
    public void Parse_RefusesWhatPrometheusWouldNot_SayingHowToWriteIt(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusDuration.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReadsBackWhatFormatWrites()
    {
        var seconds = new List<long> { 0, 1, 59, 60, 61, 3_599, 3_600, 3_601, 86_399, 86_400, 86_401, 604_800, 10_000_000 };
        var random = new Random(17);
        for (var i = 0; i < 500; i++)
        {
            seconds.Add(random.NextInt64(0, 100_000_000));
        }

        foreach (var s in seconds)
        {
            var duration = TimeSpan.FromSeconds(s);
            Assert.Equal(duration, PrometheusDuration.Parse(PrometheusDuration.Format(duration)));
        }
    }

    [Fact]
    public void MonitoringOptions_OutOfRange_NamesTheOptionAndTheValueAsPrometheusWritesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new MonitoringOptions { AlertFor = TimeSpan.FromDays(8) }.Validate());

        Assert.Equal(nameof(MonitoringOptions.AlertFor), error.ParamName);
        Assert.Contains("from 1s to 7d (got 8d)", error.Message, StringComparison.Ordinal);
    }
}
