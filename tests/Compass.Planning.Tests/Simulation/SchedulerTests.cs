using Compass.Planning.Simulation;
using static Compass.Planning.Tests.Simulation.SimulationFixtures;

namespace Compass.Planning.Tests.Simulation;

public sealed class SchedulerTests
{
    [Fact]
    public void ChunkedPrefill_SplitsALongPromptOverSteps_ThenDecodes()
    {
        var model = new RecordingStepModel(Model);
        var result = ServingSimulator.Run(Trace((0, 2000, 3)), Options(Profile(model, maxTokens: 512)));

        Assert.Equal([512L, 512, 512, 464, 0, 0], model.Batches.Select(b => b.PrefillTokens));
        Assert.Equal([0L, 512, 1024, 1536, 0, 0], model.Batches.Select(b => b.PrefillContextTokens));
        Assert.Equal([0, 0, 0, 0, 1, 1], model.Batches.Select(b => b.DecodeSequences));
        Assert.Equal([0L, 0, 0, 0, 2001, 2002], model.Batches.Select(b => b.DecodeContextTokens));

        var request = Assert.Single(result.Requests);
        var ttft = (3 * Model.PrefillMs(512)) + Model.PrefillMs(464);
        Assert.Equal(ttft, request.TtftMs, 9);
        Assert.Equal(ttft + (2 * (Model.Beta0 + Model.Beta2)), request.E2eMs, 9);
        Assert.Equal(6, result.Steps);
    }

    [Fact]
    public void EachStep_SchedulesDecodesFirst_ThenThePartialPrefill_ThenWaitingRequestsInOrder()
    {
        var model = new RecordingStepModel(Model);
        var result = ServingSimulator.Run(Trace((0, 100, 5), (1, 600, 2), (1, 50, 2)), Options(Profile(model, maxTokens: 256)));

        // Step 1: A's prompt. Steps 2-3: A decodes, B takes the rest of the budget. Step 4: A decodes, B finishes its
        // prompt (90), and only then does C (queued behind B) start.
        Assert.Equal(new BatchShape(100, 1, 0), Shape(model.Batches[0]));
        Assert.Equal(new BatchShape(255, 1, 1), Shape(model.Batches[1]));
        Assert.Equal(new BatchShape(255, 1, 1), Shape(model.Batches[2]));
        Assert.Equal(new BatchShape(140, 2, 1), Shape(model.Batches[3]));
        Assert.Equal(510, model.Batches[3].PrefillContextTokens);
        Assert.All(model.Batches, b => Assert.True(b.TotalTokens <= 256));

        var stepEnds = model.Batches.Select(b => Model.Predict(b).TotalMs).ToArray();
        var step4Start = stepEnds[..3].Sum();
        Assert.Equal(step4Start - 1, result.Requests[2].QueueMs, 9);
        Assert.All(result.Requests, r => Assert.Equal(r.OutputTokens, r.EmittedTokens));
    }

    [Fact]
    public void MaxNumSeqs_BoundsTheRunningBatch()
    {
        var model = new RecordingStepModel(Model);
        var trace = Trace([.. Enumerable.Range(0, 5).Select(_ => (0.0, 10, 20))]);
        var result = ServingSimulator.Run(trace, Options(Profile(model, maxSeqs: 2)));

        Assert.All(model.Batches, b => Assert.InRange(b.Sequences, 1, 2));
        Assert.Equal(5, result.Completed);
        Assert.Equal(0, result.Requests[0].QueueMs);
        Assert.Equal(0, result.Requests[1].QueueMs);
        Assert.All(result.Requests.Skip(2), r => Assert.True(r.QueueMs > 0));
    }

    [Fact]
    public void SmallKvCache_Preempts_AndEveryRequestStillFinishes()
    {
        // 40 blocks of 16 tokens; each request peaks at 299 tokens (19 blocks), so all fit alone but not together.
        var trace = Trace([.. Enumerable.Range(0, 10).Select(i => (i * 1.0, 100, 200))]);
        var result = ServingSimulator.Run(trace, Options(Profile(kvTokens: 640)));

        Assert.True(result.Preemptions > 0);
        Assert.Equal(10, result.Completed);
        Assert.Equal(0, result.Rejected);
        Assert.All(result.Requests, r => Assert.Equal(200, r.EmittedTokens));
        Assert.Equal(result.Preemptions, result.Requests.Sum(r => r.Preemptions));
        Assert.InRange(result.KvUtilizationPeak, 0.9, 1);
    }

    [Fact]
    public void Preemption_ByRecompute_RecomputesPromptAndGeneratedTokens()
    {
        // Two requests that each peak at 8 blocks share 10: the second admitted is preempted once the first grows.
        var model = new RecordingStepModel(Model);
        var result = ServingSimulator.Run(Trace((0, 64, 64), (0, 64, 64)), Options(Profile(model, kvTokens: 160)));

        Assert.Equal(2, result.Completed);
        Assert.True(result.Requests[1].Preemptions > 0);
        Assert.Equal(0, result.Requests[0].Preemptions);

        // After the preemption the victim's prefill covers its prompt and the tokens it had generated.
        var resumed = model.Batches.Skip(1).First(b => b.PrefillTokens > 0);
        Assert.True(resumed.PrefillTokens > 64);
        Assert.Equal(128, result.Requests.Sum(r => r.EmittedTokens));
    }

    [Fact]
    public void RequestThatCanNeverFitTheCache_IsRejected_NotLoopedForever()
    {
        var result = ServingSimulator.Run(Trace((0, 100, 10), (1, 5000, 10), (2, 1000, 100), (3, 100, 10)), Options(Profile(kvTokens: 1024)));

        Assert.Equal(2, result.Rejected);
        Assert.Equal(2, result.Completed);
        Assert.Equal(
            [RequestOutcome.Completed, RequestOutcome.Rejected, RequestOutcome.Rejected, RequestOutcome.Completed],
            result.Requests.Select(r => r.Outcome));
        Assert.Equal(0, result.Requests[1].EmittedTokens);
        Assert.Equal(-1, result.Requests[1].Replica);
    }

    [Fact]
    public void Overheads_AreCountedInTtftAndE2e_ButNotInQueueTime()
    {
        // Alone, a request's tokens find the API server's thread idle: each reaches the client 2 ms after its step, so
        // TTFT and E2E carry the overhead once and the gaps between tokens none.
        var result = ServingSimulator.Run(Trace((0, 100, 3)), Options(Profile(requestOverheadMs: 30, tokenOverheadMs: 2)));
        var r = Assert.Single(result.Requests);
        var decode = Model.Beta0 + Model.Beta2;

        Assert.Equal(0, r.QueueMs, 9);
        Assert.Equal(30 + Model.PrefillMs(100) + 2, r.TtftMs, 9);
        Assert.Equal(decode, r.MeanItlMs, 9);
        Assert.Equal(30 + Model.PrefillMs(100) + (2 * decode) + 2, r.E2eMs, 9);
        Assert.Equal(2, result.TokenGaps.Count);
        Assert.Equal(decode, result.TokenGaps.Max, 9);
    }

    [Fact]
    public void ManyStreams_QueueForTheApiServer_AndTheClientSeesItsPace()
    {
        // 50 requests decode together; each step emits 50 tokens and the thread needs 1 ms per token, far more than the
        // 7.5 ms step: the client sees each stream's tokens about 50 ms apart, and the last of the 500 tokens once the
        // thread has streamed them all, 500 ms after the shared prefill produced the first ones.
        var trace = Trace([.. Enumerable.Range(0, 50).Select(_ => (0.0, 100, 10))]);
        var fast = ServingSimulator.Run(trace, Options(Profile()));
        var slow = ServingSimulator.Run(trace, Options(Profile(tokenOverheadMs: 1)));

        Assert.InRange(fast.Itl.Mean, 5, 10);
        Assert.InRange(slow.Itl.Mean, 49, 51);
        Assert.InRange(slow.TokenGaps.P50, 49, 51);
        Assert.Equal(Model.PrefillMs(50 * 100) + (9 * 7.5), fast.E2e.Max, 9);
        Assert.Equal(Model.PrefillMs(50 * 100) + 500, slow.E2e.Max, 9);
    }

    [Fact]
    public void BurstAdmission_IsSerialOnTheApiServer()
    {
        // Each admission takes 4 ms of the API server's thread: the k-th request of a burst enters the wait queue at 4k ms.
        var profile = Profile(maxSeqs: 1) with { RequestServiceMs = 4 };
        var result = ServingSimulator.Run(Trace([.. Enumerable.Range(0, 5).Select(_ => (0.0, 10, 1))]), Options(profile));
        var prefill = Model.PrefillMs(10);

        Assert.Equal(4 + prefill, result.Requests[0].TtftMs, 9);
        for (var k = 1; k < 5; k++)
        {
            Assert.True(result.Requests[k].TtftMs >= (4 * (k + 1)) + prefill - 1e-9, $"request {k}: {result.Requests[k].TtftMs}");
        }
    }

    [Fact]
    public void IdleEngine_WaitsForTheNextArrival()
    {
        var result = ServingSimulator.Run(Trace((0, 100, 2), (10_000, 100, 2)), Options(Profile()));

        Assert.Equal(result.Requests[0].TtftMs, result.Requests[1].TtftMs, 9);
        Assert.Equal(4, result.Steps);
        Assert.Equal(10_000 + result.Requests[1].E2eMs, result.SimulatedMs, 9);
    }

    [Fact]
    public void EmptyWorkload_GivesAnEmptyResult()
    {
        var result = ServingSimulator.Run(Workload.FromTrace([]), Options(Profile()));

        Assert.Equal(0, result.TotalRequests);
        Assert.Equal(0, result.Steps);
        Assert.Equal(0, result.Ttft.Count);
        Assert.Equal(SaturationVerdict.Stable, result.Verdict);
    }

    [Fact]
    public void StepModelReturningNaN_FailsClearly()
    {
        var options = Options(Profile(new LinearStepModel(double.NaN, 0, 0)));
        var ex = Assert.Throws<InvalidOperationException>(() => ServingSimulator.Run(Trace((0, 10, 1)), options));
        Assert.Contains("finite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPositiveSchedulerLimits_AreRejected()
        => Assert.Throws<ArgumentException>(() => ServingSimulator.Run(Trace((0, 10, 1)), Options(Profile(maxSeqs: 0))));

    private static BatchShape Shape(Compass.Planning.Engine.StepBatch b) => new(b.PrefillTokens, b.PrefillSequences, b.DecodeSequences);

    private readonly record struct BatchShape(long PrefillTokens, int PrefillSequences, int DecodeSequences);
}
