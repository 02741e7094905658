using System.Collections.Immutable;

namespace Compass.Planning.Simulation;

/// <summary>Turns the final request states and engine counters of a run into a <see cref="SimulationResult"/>.</summary>
internal static class ResultBuilder
{
    public static SimulationResult Build(
        Workload workload,
        SimulationOptions options,
        RequestState[] requests,
        ReplicaEngine[] engines,
        TokenGapHistogram? gaps,
        double windowStartMs,
        double inSystemArea,
        double simulatedMs,
        IReadOnlyList<int>? users = null,
        bool perRequest = true)
    {
        var profile = options.Profile;
        var n = requests.Length;
        var metrics = ImmutableArray.CreateBuilder<RequestMetrics>(perRequest ? n : 0);
        var measuredCount = 0;
        var measuredArrivals = 0;
        var completed = 0;
        var rejected = 0;
        for (var i = 0; i < n; i++)
        {
            ref var s = ref requests[i];
            if (s.Measured)
            {
                measuredArrivals++;
            }

            if (s.Rejected)
            {
                rejected++;
            }
            else
            {
                completed++;
                if (s.Measured)
                {
                    measuredCount++;
                }
            }
        }

        var ttft = new double[measuredCount];
        var e2e = new double[measuredCount];
        var queue = new double[measuredCount];
        var arrivals = new double[measuredCount];
        var inSystem = new double[measuredCount];
        var itl = new List<double>(measuredCount);
        var windowEnd = windowStartMs;
        var outputTokens = 0L;
        var good = 0;
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            ref var s = ref requests[i];
            var w = workload.Requests[i];
            if (s.Rejected)
            {
                if (perRequest)
                {
                    var rejectedMetrics = new RequestMetrics(i, -1, w.ArrivalMs, w.PromptTokens, w.OutputTokens, RequestOutcome.Rejected, 0, 0, 0, 0, 0, 0, s.Measured);
                    metrics.Add(users is null ? rejectedMetrics : rejectedMetrics with { User = users[i] });
                }

                continue;
            }

            var queueMs = s.FirstScheduled - s.Ready;
            var ttftMs = s.FirstTokenSeen - s.Arrival;
            var meanItl = s.Output >= 2 ? (s.LastTokenSeen - s.FirstTokenSeen) / (s.Output - 1) : 0;
            var e2eMs = s.LastTokenSeen - s.Arrival;
            if (perRequest)
            {
                var completedMetrics = new RequestMetrics(i, s.Replica, w.ArrivalMs, w.PromptTokens, w.OutputTokens, RequestOutcome.Completed, s.Generated,
                    queueMs, ttftMs, meanItl, e2eMs, s.Preemptions, s.Measured);
                metrics.Add(users is null ? completedMetrics : completedMetrics with { User = users[i] });
            }

            if (!s.Measured)
            {
                continue;
            }

            ttft[m] = ttftMs;
            e2e[m] = e2eMs;
            queue[m] = queueMs;
            arrivals[m] = s.Arrival;
            inSystem[m] = s.InSystemAtArrival;
            m++;
            if (s.Output >= 2)
            {
                itl.Add(meanItl);
            }

            windowEnd = Math.Max(windowEnd, s.Arrival + e2eMs);
            outputTokens += s.Output;
            if (options.Goodput is { } targets && targets.IsMet(ttftMs, meanItl, e2eMs, s.Output))
            {
                good++;
            }
        }

        // The verdict reads E2E in arrival order, before the summaries sort their arrays.
        var verdict = SaturationRules.Judge(arrivals, e2e, queue, inSystem);
        var windowMs = windowEnd - windowStartMs;
        var perSecond = windowMs > 0 ? 1000 / windowMs : 0;
        var usedBlockMs = 0.0;
        var peak = 0.0;
        var steps = 0L;
        var preemptions = 0L;
        foreach (var engine in engines)
        {
            usedBlockMs += engine.UsedBlockMs;
            peak = Math.Max(peak, engine.PeakUtilization);
            steps += engine.Steps;
            preemptions += engine.Preemptions;
        }

        var blockMs = (double)profile.KvCacheBlocks * engines.Length * windowMs;
        return new SimulationResult
        {
            Requests = perRequest ? metrics.MoveToImmutable() : [],
            Ttft = LatencySummary.OfOwned(ttft),
            Itl = LatencySummary.OfOwned([.. itl]),
            TokenGaps = gaps?.Summary() ?? LatencySummary.Empty,
            E2e = LatencySummary.OfOwned(e2e),
            Queue = LatencySummary.OfOwned(queue),
            TotalRequests = n,
            Completed = completed,
            Rejected = rejected,
            Measured = measuredCount,
            Preemptions = preemptions,
            Steps = steps,
            Replicas = engines.Length,
            WindowMs = windowMs,
            RequestsPerSecond = measuredCount * perSecond,
            ArrivalRatePerSecond = measuredArrivals * perSecond,
            OutputTokensPerSecond = outputTokens * perSecond,
            GoodputRequestsPerSecond = options.Goodput is null ? null : good * perSecond,
            GoodputFraction = options.Goodput is null ? null : measuredCount > 0 ? (double)good / measuredCount : 0,
            MeanRequestsInSystem = windowMs > 0 ? inSystemArea / windowMs : 0,
            KvUtilizationMean = blockMs > 0 ? Math.Min(1, usedBlockMs / blockMs) : 0,
            KvUtilizationPeak = peak,
            BacklogGrowthRate = verdict.BacklogGrowth,
            QueueGrowthRate = verdict.QueueGrowth,
            Verdict = verdict.Verdict,
            VerdictReason = verdict.Reason,
            SimulatedMs = simulatedMs,
        };
    }
}
