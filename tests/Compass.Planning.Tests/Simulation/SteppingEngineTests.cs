using Compass.Planning.Simulation;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

public sealed class SteppingEngineTests
{
    [Theory]
    [InlineData(5.0, 200_000L, 256)]
    [InlineData(40.0, 20_000L, 16)]   // a small KV cache and few sequences: queueing and preemption
    public void SteppingEngine_DrivenLikeTheSimulator_GivesTheSameTokenTimes(double rate, long kvTokens, int maxSeqs)
    {
        var profile = Profile(kvTokens: kvTokens, maxSeqs: maxSeqs, requestOverheadMs: 3);
        var workload = Workload.Generate(Chatbot(rate, 300), seed: 7);
        var offline = ServingSimulator.Run(workload, Options(profile));

        var engine = new SteppingEngine(profile);
        var ids = new Dictionary<long, int>();
        var first = new double[workload.Count];
        var last = new double[workload.Count];
        var next = 0;
        while (true)
        {
            var now = next < workload.Count ? workload.Requests[next].ArrivalMs : double.PositiveInfinity;
            now = Math.Min(now, engine.StepInFlight ? engine.StepEndMs : engine.NextReadyMs);
            if (double.IsPositiveInfinity(now))
            {
                break;
            }

            if (engine.StepInFlight && engine.StepEndMs == now)
            {
                foreach (var e in engine.FinishStep().Emissions)
                {
                    if (e.Generated == 1)
                    {
                        first[ids[e.RequestId]] = now;
                    }

                    last[ids[e.RequestId]] = now;
                }
            }

            while (next < workload.Count && workload.Requests[next].ArrivalMs == now)
            {
                var w = workload.Requests[next];
                ids[engine.Admit(w.PromptTokens, w.OutputTokens, now)] = next;
                next++;
            }

            if (!engine.StepInFlight)
            {
                engine.TryStartStep(now);
            }
        }

        Assert.Equal(offline.Steps, engine.Steps);
        Assert.Equal(offline.Preemptions, engine.Preemptions);
        foreach (var r in offline.Requests)
        {
            Assert.Equal(r.ArrivalMs + r.TtftMs, first[r.Index], 9);
            Assert.Equal(r.ArrivalMs + r.E2eMs, last[r.Index], 9);
        }

        Assert.Equal(0, engine.UsedBlocks);
        Assert.Equal(0, engine.Outstanding);
    }

    [Fact]
    public void Cancel_FreesBlocksAtOnce_AndTheRestFinish()
    {
        var engine = new SteppingEngine(Profile());
        var a = engine.Admit(100, 50, 0);
        var b = engine.Admit(100, 5, 0);
        Assert.NotNull(engine.TryStartStep(0));
        Assert.Equal(2, engine.Running);
        var held = engine.UsedBlocks;
        Assert.True(held > 0);

        Assert.True(engine.Cancel(a));
        Assert.False(engine.Cancel(a));
        Assert.Equal(1, engine.Running);
        Assert.True(engine.UsedBlocks < held);

        var tokens = 0;
        while (engine.StepInFlight)
        {
            var end = engine.StepEndMs;
            var done = engine.FinishStep();
            Assert.All(done.Emissions, e => Assert.Equal(b, e.RequestId));
            tokens += done.Emissions.Count;
            engine.TryStartStep(end);
        }

        Assert.Equal(5, tokens);
        Assert.Equal(0, engine.UsedBlocks);
        Assert.Equal(0, engine.Outstanding);
    }

    [Fact]
    public void Cancel_WaitingRequest_LeavesTheQueue()
    {
        var engine = new SteppingEngine(Profile(maxSeqs: 1));
        engine.Admit(10, 100, 0);
        var waiting = engine.Admit(10, 100, 0);
        engine.TryStartStep(0);
        Assert.Equal(1, engine.Waiting);
        Assert.True(engine.Cancel(waiting));
        Assert.Equal(0, engine.Waiting);
    }

    [Fact]
    public void Admit_RequestThatCanNeverFit_Throws()
    {
        var engine = new SteppingEngine(Profile(kvTokens: 160));
        Assert.True(engine.CanEverFit(100, 61));
        Assert.False(engine.CanEverFit(100, 62));
        Assert.Throws<ArgumentException>(() => engine.Admit(100, 62, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Admit(0, 1, 0));
    }

    [Fact]
    public void Admit_ManyRequests_GrowsThePool()
    {
        var engine = new SteppingEngine(Profile());
        for (var i = 0; i < 100; i++)
        {
            engine.Admit(8, 2, i);
        }

        Assert.Equal(100, engine.Outstanding);
        var emitted = 0;
        var now = 100.0;
        while (engine.Outstanding > 0)
        {
            engine.TryStartStep(now);
            now = engine.StepEndMs;
            emitted += engine.FinishStep().Emissions.Count;
        }

        Assert.Equal(200, emitted);
    }
}
