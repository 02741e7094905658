using Compass.Core;
using Compass.Planning.Simulation;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

public sealed class ClosedLoopTests
{
    private static ClosedLoopSpec Users(int n, int? requests = 200, double? duration = null) => new()
    {
        Concurrency = n,
        PromptTokens = TokenDistribution.LogNormal(512, 128),
        OutputTokens = TokenDistribution.LogNormal(128, 32),
        Requests = requests,
        DurationSeconds = duration,
    };

    [Fact]
    public void AllUsersStartAtOnce_WithoutRampUp_AndTheResultSaysClosedLoop()
    {
        var spec = Users(8) with { ThinkTime = ThinkTime.Fixed(0.25) };
        var result = ServingSimulator.Run(spec, 1, Options(Profile()));

        Assert.Equal(8, result.Requests.Count(r => r.ArrivalMs == 0));
        Assert.Equal(Enumerable.Range(0, 8), result.Requests.Take(8).Select(r => r.User).Order());
        Assert.Equal(new SimulationLoad { Mode = LoadMode.ClosedLoop, Concurrency = 8, ThinkTime = ThinkTime.Fixed(0.25), RampUpSeconds = 0 }, result.Load);
        Assert.Equal(200, result.TotalRequests);
        Assert.True(result.ArrivalRatePerSecond > 0);
    }

    [Fact]
    public void RampUp_StaggersTheFirstRequests_Evenly()
    {
        var result = ServingSimulator.Run(Users(4) with { RampUpSeconds = 2 }, 1, Options(Profile()));
        var firsts = result.Requests.GroupBy(r => r.User).Select(g => (g.Key, g.Min(r => r.ArrivalMs))).OrderBy(x => x.Key).ToArray();
        Assert.Equal([(0, 0.0), (1, 500.0), (2, 1000.0), (3, 1500.0)], firsts);
    }

    [Fact]
    public void ThinkTime_SpacesAUsersRequests_AndLowersItsRate()
    {
        var busy = ServingSimulator.Run(Users(4), 3, Options(Profile()));
        var thinking = ServingSimulator.Run(Users(4) with { ThinkTime = ThinkTime.Fixed(2) }, 3, Options(Profile()));

        foreach (var user in thinking.Requests.GroupBy(r => r.User))
        {
            var sent = user.OrderBy(r => r.Index).ToArray();
            for (var i = 1; i < sent.Length; i++)
            {
                Assert.Equal(sent[i - 1].CompletionMs + 2000, sent[i].ArrivalMs, 6);
            }
        }

        Assert.True(thinking.ArrivalRatePerSecond < busy.ArrivalRatePerSecond / 2);
    }

    [Fact]
    public void Duration_StopsNewRequests_ThenInFlightOnesFinish()
    {
        var result = ServingSimulator.Run(Users(6, requests: null, duration: 20), 5, Options(Profile()));
        Assert.All(result.Requests, r => Assert.True(r.ArrivalMs < 20_000));
        Assert.Equal(result.TotalRequests, result.Completed);
        Assert.True(result.SimulatedMs > result.Requests.Max(r => r.ArrivalMs));
        Assert.True(result.TotalRequests > 6);
    }

    [Fact]
    public void TheKthRequest_HasTheSameLengths_WhateverTheDeployment()
    {
        var fast = ServingSimulator.Run(Users(4), 9, Options(Profile()));
        var slow = ServingSimulator.Run(Users(4), 9, Options(Profile(new LinearStepModel(20, 0.2, 0.5)), replicas: 2));
        Assert.Equal(fast.Requests.Select(r => (r.PromptTokens, r.OutputTokens)), slow.Requests.Select(r => (r.PromptTokens, r.OutputTokens)));
        Assert.NotEqual(fast.Requests.Select(r => r.ArrivalMs), slow.Requests.Select(r => r.ArrivalMs));
    }

    [Fact]
    public void SameSeed_SameRun_OtherSeed_OtherRun()
    {
        var spec = Users(5) with { ThinkTime = ThinkTime.Exponential(0.5) };
        var a = ServingSimulator.Run(spec, 11, Options(Profile()));
        var b = ServingSimulator.Run(spec, 11, Options(Profile()));
        var c = ServingSimulator.Run(spec, 12, Options(Profile()));
        Assert.Equal(a.Requests.ToArray(), b.Requests.ToArray());
        Assert.NotEqual(a.Requests.ToArray(), c.Requests.ToArray());
    }

    [Fact]
    public void Warmup_LeavesOutTheFirstRequestsSent_WithoutChangingTheRun()
    {
        var spec = Users(4, requests: null, duration: 30);
        var all = ServingSimulator.Run(spec, 2, Options(Profile()));
        var warm = ServingSimulator.Run(spec, 2, Options(Profile()) with { WarmupFraction = 0.25 });

        var skipped = (int)Math.Floor(0.25 * all.TotalRequests);
        Assert.Equal(all.Requests.Select(r => r with { Measured = true }), warm.Requests.Select(r => r with { Measured = true }));
        Assert.Equal(all.TotalRequests - skipped, warm.Measured);
        Assert.All(warm.Requests.Take(skipped), r => Assert.False(r.Measured));
        Assert.Equal(all.Requests[skipped].ArrivalMs, warm.Requests.Where(r => r.Measured).Min(r => r.ArrivalMs));
    }

    [Fact]
    public void Replicas_ShareTheUsers_RoundRobin()
    {
        var result = ServingSimulator.Run(Users(6, requests: 60), 4, Options(Profile(), replicas: 3));
        Assert.Equal([0, 1, 2], result.Requests.Select(r => r.Replica).Distinct().Order());
        Assert.All(result.Requests.Chunk(3), chunk => Assert.Equal([0, 1, 2], chunk.Select(r => r.Replica)));
    }

    [Fact]
    public void RequestsThatCanNeverFit_AreRejected_AndTheUserSendsAgain()
    {
        var spec = new ClosedLoopSpec
        {
            Concurrency = 2,
            PromptTokens = TokenDistribution.Empirical([100, 5000]),
            OutputTokens = TokenDistribution.Fixed(10),
            Requests = 60,
        };
        var result = ServingSimulator.Run(spec, 6, Options(Profile(kvTokens: 1024)));
        Assert.InRange(result.Rejected, 1, 59);
        Assert.Equal(60, result.Completed + result.Rejected);
        Assert.All(result.Requests.Where(r => r.Outcome == RequestOutcome.Rejected), r => Assert.Equal(5000, r.PromptTokens));
    }

    [Fact]
    public void NoRequestCouldEverFit_IsAnError_NotAnEndlessLoop()
    {
        var spec = Users(2) with { PromptTokens = TokenDistribution.Fixed(5000) };
        var ex = Assert.Throws<ArgumentException>(() => ServingSimulator.Run(spec, 1, Options(Profile(kvTokens: 1024))));
        Assert.Contains("cannot fit the KV cache", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(10, 5.0)]
    public void TheStop_IsACountOrADuration(int? requests, double? duration)
        => Assert.Throws<ArgumentException>(() => ServingSimulator.Run(Users(2, requests, duration), 1, Options(Profile())));

    [Fact]
    public void Spec_RefusesBadValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Users(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Users(2) with { RampUpSeconds = -1 });
        Assert.Throws<ArgumentNullException>(() => Users(2) with { ThinkTime = null! });
    }

    [Fact]
    public void OpenLoopResults_SayOpenLoop_WithTheOfferedRate()
    {
        var generated = ServingSimulator.Run(Chatbot(5, 100), 1, Options(Profile()));
        var replayed = ServingSimulator.Run(Workload.Generate(Chatbot(5, 100), 1), Options(Profile()));
        Assert.Equal(SimulationLoad.Open(5), generated.Load);
        Assert.Equal(SimulationLoad.OpenLoop, replayed.Load);
        Assert.Equal(generated.Requests.ToArray(), replayed.Requests.ToArray());
        Assert.All(generated.Requests, r => Assert.Equal(-1, r.User));
        Assert.InRange(generated.ArrivalRatePerSecond, 3, 6);
    }
}
