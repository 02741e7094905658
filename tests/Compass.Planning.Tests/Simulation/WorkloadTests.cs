using Compass.Core;
using Compass.Planning.Simulation;

namespace Compass.Planning.Tests.Simulation;

public sealed class WorkloadTests
{
    private static WorkloadSpec Spec(ArrivalPattern arrivals, int requests = 20_000, double rate = 10) => new()
    {
        RatePerSecond = rate,
        Arrivals = arrivals,
        PromptTokens = TokenDistribution.Fixed(100),
        OutputTokens = TokenDistribution.Fixed(10),
        Requests = requests,
    };

    private static (double Mean, double Cv) Gaps(Workload workload)
    {
        var times = workload.Requests.Select(r => r.ArrivalMs).Prepend(0).ToArray();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
        return (mean, sd / mean);
    }

    [Fact]
    public void Poisson_HasTheMeanRate_AndExponentialGaps()
    {
        var (mean, cv) = Gaps(Workload.Generate(Spec(ArrivalPattern.Poisson), 1));
        Assert.InRange(mean, 98, 102);
        Assert.InRange(cv, 0.97, 1.03);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3)]
    public void Gamma_KeepsTheMeanRate_AndSetsBurstinessByCv(double cv)
    {
        var (mean, measured) = Gaps(Workload.Generate(Spec(ArrivalPattern.Gamma(cv)), 2));
        Assert.InRange(mean, 95, 105);
        Assert.InRange(measured, cv * 0.9, cv * 1.1);
    }

    [Fact]
    public void Constant_SpacesArrivalsEvenly()
    {
        var workload = Workload.Generate(Spec(ArrivalPattern.Constant, requests: 50), 3);
        Assert.Equal(50, workload.Count);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal((i + 1) * 100.0, workload.Requests[i].ArrivalMs, 6));
    }

    [Fact]
    public void Duration_StopsArrivalsAtTheDeadline()
    {
        var spec = Spec(ArrivalPattern.Poisson) with { Requests = null, DurationSeconds = 600 };
        var workload = Workload.Generate(spec, 4);
        Assert.InRange(workload.Count, 5700, 6300);
        Assert.True(workload.LastArrivalMs < 600_000);
    }

    [Fact]
    public void SameSeed_SameWorkload_OtherSeed_Different()
    {
        var spec = SimulationFixtures.Chatbot(rate: 5, requests: 500);
        Assert.Equal(Workload.Generate(spec, 9), Workload.Generate(spec, 9));
        Assert.NotEqual(Workload.Generate(spec, 9), Workload.Generate(spec, 10));
    }

    [Fact]
    public void StopCondition_MustBeExactlyOne()
    {
        var both = Spec(ArrivalPattern.Poisson) with { DurationSeconds = 10 };
        var neither = Spec(ArrivalPattern.Poisson) with { Requests = null };
        Assert.Throws<ArgumentException>(() => Workload.Generate(both, 1));
        Assert.Throws<ArgumentException>(() => Workload.Generate(neither, 1));
        Assert.Throws<ArgumentException>(() => Workload.Generate(Spec(ArrivalPattern.Poisson, rate: 1e6) with { Requests = null, DurationSeconds = 1e6 }, 1));
    }

    [Fact]
    public void TokenLengths_FollowTheirDistributions_AndStayWithinTheClamps()
    {
        var spec = new WorkloadSpec
        {
            RatePerSecond = 1,
            PromptTokens = TokenDistribution.Normal(100, 50, 80, 120),
            OutputTokens = TokenDistribution.LogNormal(512, 256),
            Requests = 20_000,
        };
        var workload = Workload.Generate(spec, 5);

        Assert.All(workload.Requests, r => Assert.InRange(r.PromptTokens, 80, 120));
        Assert.Contains(workload.Requests, r => r.PromptTokens == 80);
        Assert.Contains(workload.Requests, r => r.PromptTokens == 120);
        var outputs = workload.Requests.Select(r => (double)r.OutputTokens).ToArray();
        Assert.InRange(outputs.Average(), 500, 524);
        Assert.All(workload.Requests, r => Assert.InRange(r.OutputTokens, 1, spec.OutputTokens.Max));
    }

    [Fact]
    public void EmpiricalAndFixed_DrawOnlyTheirValues()
    {
        var spec = new WorkloadSpec
        {
            RatePerSecond = 1,
            PromptTokens = TokenDistribution.Empirical([10, 200, 3000]),
            OutputTokens = TokenDistribution.Fixed(7),
            Requests = 3000,
        };
        var workload = Workload.Generate(spec, 6);

        Assert.Equal([10, 200, 3000], workload.Requests.Select(r => r.PromptTokens).Distinct().Order());
        Assert.All(workload.Requests, r => Assert.Equal(7, r.OutputTokens));
    }

    [Fact]
    public void Trace_IsSortedStably_AndCanBeCutByCountOrDuration()
    {
        WorkloadRequest[] trace = [new(500, 1, 1), new(100, 2, 2), new(100, 3, 3), new(2500, 4, 4)];

        Assert.Equal([2, 3, 1, 4], Workload.FromTrace(trace).Requests.Select(r => r.PromptTokens));
        Assert.Equal([2, 3], Workload.FromTrace(trace, maxRequests: 2).Requests.Select(r => r.PromptTokens));
        Assert.Equal([2, 3, 1], Workload.FromTrace(trace, durationSeconds: 2).Requests.Select(r => r.PromptTokens));
    }

    [Theory]
    [InlineData(-1, 10, 10)]
    [InlineData(double.NaN, 10, 10)]
    [InlineData(0, 0, 10)]
    [InlineData(0, 10, 0)]
    public void Trace_RejectsBadRequests(double arrival, int prompt, int output)
        => Assert.Throws<ArgumentException>(() => Workload.FromTrace([new WorkloadRequest(arrival, prompt, output)]));
}
