using Compass.Core.Knowledge;
using Compass.Planning.Simulation;
using Compass.Simulator.Engine;
using Compass.Simulator.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Simulator.Tests;

/// <summary>The live engine on a fake clock: tokens come out when the scheduler's steps end.</summary>
public sealed class EngineTimingTests
{
    private static (SimulatorEngine Engine, FakeTimeProvider Time) Create(Action<CompassSimulatorOptions>? configure = null)
    {
        var options = new CompassSimulatorOptions { ServedModelName = "m", Profile = TestServer.FakeProfile(), MaxModelLen = 100_000 };
        configure?.Invoke(options);
        var deployment = SimulatedDeployment.Resolve(options, EmbeddedKnowledgeBase.Catalog);
        var time = new FakeTimeProvider();
        return (new SimulatorEngine(deployment, Options.Create(options), time, new SimulatorMetrics(deployment)), time);
    }

    private static List<TokenEmission> Drain(LiveRequest request)
    {
        var taken = new List<LiveToken>();
        request.TakePending(taken);
        return [.. taken.Select(t => t.Emission)];
    }

    [Fact]
    public void Tokens_AreEmittedAtTheEndsOfTheirSteps()
    {
        var (engine, time) = Create();
        var r = engine.TrySubmit(100, 3, "length")!;
        Assert.Equal(11, engine.Pump(), 9);                  // prefill step: 10 + 0.01 × 100 ms
        time.Advance(TimeSpan.FromMilliseconds(10.9));
        engine.Pump();
        Assert.Empty(Drain(r));
        time.Advance(TimeSpan.FromMilliseconds(0.1));
        engine.Pump();
        Assert.Equal(1, Assert.Single(Drain(r)).Generated);
        Assert.Equal(11, r.FirstTokenMs, 6);

        // A late wake-up delays delivery, not the schedule: the decode steps still end at 21.1 and 31.2 ms.
        time.Advance(TimeSpan.FromMilliseconds(500));
        engine.Pump();
        var rest = Drain(r);
        Assert.Equal([2, 3], rest.Select(e => e.Generated));
        Assert.True(rest[^1].Finished);
        Assert.Equal(31.2, r.LastTokenMs, 6);
        Assert.True(r.IsDrained);
        Assert.Equal(0, engine.Snapshot().UsedBlocks);
    }

    [Fact]
    public void TokenTimes_MatchTheOfflineSimulator()
    {
        var profile = TestServer.FakeProfile(kvTokens: 40_000, maxSeqs: 32);
        var workload = Workload.Generate(new WorkloadSpec
        {
            RatePerSecond = 30,
            PromptTokens = Compass.Core.TokenDistribution.LogNormal(400, 100),
            OutputTokens = Compass.Core.TokenDistribution.LogNormal(60, 20),
            Requests = 150,
        }, seed: 3);
        var offline = ServingSimulator.Run(workload, new SimulationOptions { Profile = profile });

        var (engine, time) = Create(o => o.Profile = profile);
        var live = new LiveRequest[workload.Count];
        var ticks = 0L;
        for (var i = 0; i < workload.Count; i++)
        {
            var w = workload.Requests[i];
            var target = (long)Math.Round(w.ArrivalMs * TimeSpan.TicksPerMillisecond);
            time.Advance(TimeSpan.FromTicks(target - ticks));
            ticks = target;
            engine.Pump();
            live[i] = engine.TrySubmit(w.PromptTokens, w.OutputTokens, "length")!;
            engine.Pump();
        }

        time.Advance(TimeSpan.FromHours(1));
        engine.Pump();
        foreach (var r in offline.Requests)
        {
            var l = live[r.Index];
            Assert.InRange(Math.Abs(r.TtftMs - (l.FirstTokenMs - l.ArrivalMs)), 0, 1e-3);
            Assert.InRange(Math.Abs(r.E2eMs - (l.LastTokenMs - l.ArrivalMs)), 0, 1e-3);
        }
    }

    [Fact]
    public void UnderLoad_TtftGrows()
    {
        var (alone, aloneTime) = Create();
        var single = alone.TrySubmit(1000, 20, "length")!;
        alone.Pump();
        aloneTime.Advance(TimeSpan.FromSeconds(10));
        alone.Pump();
        var lightTtft = single.FirstTokenMs - single.ArrivalMs;

        var (busy, busyTime) = Create();
        var many = Enumerable.Range(0, 64).Select(_ => busy.TrySubmit(1000, 20, "length")!).ToList();
        busy.Pump();
        busyTime.Advance(TimeSpan.FromSeconds(10));
        busy.Pump();
        var ttfts = many.Select(r => r.FirstTokenMs - r.ArrivalMs).Order().ToList();

        Assert.Equal(20, lightTtft, 6);                      // 10 + 0.01 × 1000
        Assert.True(ttfts[^1] > 5 * lightTtft, $"worst TTFT {ttfts[^1]} ms");
        Assert.True(ttfts.Average() > 2 * lightTtft);
        // The token budget (8192) admits 8 prompts of 1000 tokens per step: TTFT rises in steps of one batch.
        Assert.True(ttfts.Zip(ttfts.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Cancel_FreesKvAtOnce()
    {
        var (engine, time) = Create();
        var r = engine.TrySubmit(1000, 500, "length")!;
        engine.Pump();
        time.Advance(TimeSpan.FromMilliseconds(100));
        engine.Pump();
        var before = engine.Snapshot();
        Assert.True(before.UsedBlocks > 0, $"{before}");
        engine.Cancel(r);
        var snapshot = engine.Snapshot();
        Assert.Equal(0, snapshot.UsedBlocks);
        Assert.Equal(0, snapshot.Running);
        Assert.NotEmpty(Drain(r));
        Assert.True(r.IsDrained);
        engine.Cancel(r);                                      // twice is harmless
    }

    [Fact]
    public void SlowStart_StretchesEarlySteps()
    {
        var (engine, time) = Create(o => { o.SlowStartDuration = TimeSpan.FromSeconds(10); o.SlowStartFactor = 3; });
        var r = engine.TrySubmit(100, 1, "length")!;
        engine.Pump();
        time.Advance(TimeSpan.FromSeconds(1));
        engine.Pump();
        Assert.Equal(33, r.FirstTokenMs - r.ArrivalMs, 6);   // 3 × 11 ms at readiness

        time.Advance(TimeSpan.FromSeconds(20));
        var later = engine.TrySubmit(100, 1, "length")!;
        engine.Pump();
        time.Advance(TimeSpan.FromSeconds(1));
        engine.Pump();
        Assert.Equal(11, later.FirstTokenMs - later.ArrivalMs, 6);
    }

    [Fact]
    public void WaitingLimit_RefusesNewRequests()
    {
        var (engine, _) = Create(o => { o.MaxWaitingRequests = 2; o.Profile = TestServer.FakeProfile(maxSeqs: 1); });
        Assert.NotNull(engine.TrySubmit(10, 10, "length"));
        engine.Pump();                                         // the first runs
        Assert.NotNull(engine.TrySubmit(10, 10, "length"));
        Assert.NotNull(engine.TrySubmit(10, 10, "length"));
        Assert.Null(engine.TrySubmit(10, 10, "length"));
    }
}
