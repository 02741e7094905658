using Compass.Core;
using Compass.Planning.Simulation;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

public sealed class VerdictTests
{
    [Fact]
    public void LightLoad_IsStable()
    {
        var result = ServingSimulator.Run(Chatbot(rate: 5, requests: 2000), 1, Options(Profile()));

        Assert.Equal(SaturationVerdict.Stable, result.Verdict);
        Assert.InRange(result.BacklogGrowthRate!.Value, -0.05, 0.05);
        Assert.InRange(result.QueueGrowthRate, -0.05, 0.05);
        Assert.InRange(result.RequestsPerSecond, 4.5, 5.5);
    }

    [Fact]
    public void MoreTrafficThanCapacity_IsOverloaded()
    {
        var result = ServingSimulator.Run(Chatbot(rate: 100, requests: 4000), 1, Options(Profile()));

        Assert.Equal(SaturationVerdict.Overloaded, result.Verdict);
        Assert.True(result.QueueGrowthRate > 0.05);
        Assert.True(result.RequestsPerSecond < 100);
        Assert.Contains("faster than they are served", result.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void OverloadWithoutAQueue_ShowsAsAGrowingLag()
    {
        // Limits so loose that nothing waits: the running batch, and with it every step, grows instead.
        var result = ServingSimulator.Run(Chatbot(rate: 46, requests: 6000), 1, Options(Profile(maxSeqs: 100_000, kvTokens: 100_000_000)));

        Assert.Equal(SaturationVerdict.Overloaded, result.Verdict);
        Assert.True(result.Queue.P99 < 500);
        Assert.True(result.BacklogGrowthRate > 0.05);
        Assert.Contains("requests in the system grow", result.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void BurstsAgainstATightSeqLimit_AreBacklogged_ButDrain()
    {
        var spec = Chatbot(rate: 4, requests: 3000) with { Arrivals = ArrivalPattern.Gamma(4) };
        var result = ServingSimulator.Run(spec, 1, Options(Profile(maxSeqs: 24)));

        Assert.Equal(SaturationVerdict.Backlogged, result.Verdict);
        Assert.True(result.Queue.P95 >= 0.1 * result.E2e.P50);
    }

    [Fact]
    public void ShortRun_SaysItCannotJudgeATrend()
    {
        var result = ServingSimulator.Run(Chatbot(rate: 5, requests: 10), 1, Options(Profile()));

        Assert.Null(result.BacklogGrowthRate);
        Assert.Contains("too short", result.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Warmup_LeavesTheFirstRequestsOutOfTheSummaries()
    {
        var options = Options(Profile()) with { WarmupFraction = 0.25 };
        var result = ServingSimulator.Run(Chatbot(rate: 5, requests: 400), 1, options);

        Assert.Equal(300, result.Measured);
        Assert.Equal(300, result.Ttft.Count);
        Assert.Equal(400, result.Completed);
        Assert.All(result.Requests.Take(100), r => Assert.False(r.Measured));
        Assert.All(result.Requests.Skip(100), r => Assert.True(r.Measured));
        Assert.Equal(result.Requests[100].ArrivalMs, result.Requests.Where(r => r.Measured).Max(r => r.CompletionMs) - result.WindowMs, 6);
    }

    [Fact]
    public void Goodput_CountsRequestsMeetingEveryTarget()
    {
        var baseline = ServingSimulator.Run(Chatbot(rate: 10, requests: 1000), 1, Options(Profile()));
        var targets = new GoodputTargets { TtftMs = baseline.Ttft.P50, E2eMs = baseline.E2e.P90 };
        var result = ServingSimulator.Run(Chatbot(rate: 10, requests: 1000), 1, Options(Profile()) with { Goodput = targets });

        var expected = result.Requests.Count(r => r.TtftMs <= targets.TtftMs && r.E2eMs <= targets.E2eMs);
        Assert.Equal(expected / (double)result.Measured, result.GoodputFraction!.Value, 9);
        Assert.Equal(expected * 1000 / result.WindowMs, result.GoodputRequestsPerSecond!.Value, 9);
        Assert.Null(baseline.GoodputFraction);
        Assert.InRange(result.GoodputFraction!.Value, 0.3, 0.55);
    }
}
