using System.Collections.Immutable;

namespace Compass.Observability.LoadTesting;

/// <summary>The arithmetic from clock readings (request sent, each content chunk, stream end) to a <see cref="RequestRecord"/>.</summary>
internal static class StreamTiming
{
    public static RequestRecord Record(
        TimeProvider time, PlannedRequest request, long benchmarkStart, double scheduledSeconds, long start, IReadOnlyList<long> chunks, long end,
        int? promptTokens, int? completionTokens)
    {
        double Seconds(long at) => time.GetElapsedTime(benchmarkStart, at).TotalSeconds;
        double Ms(long from, long to) => time.GetElapsedTime(from, to).TotalMilliseconds;

        var outputTokens = completionTokens ?? chunks.Count;
        var gaps = ImmutableArray.CreateBuilder<double>(Math.Max(0, chunks.Count - 1));
        for (var i = 1; i < chunks.Count; i++)
        {
            gaps.Add(Ms(chunks[i - 1], chunks[i]));
        }

        return new RequestRecord
        {
            Id = request.Id,
            Outcome = RequestOutcome.Successful,
            ScheduledSeconds = scheduledSeconds,
            StartSeconds = Seconds(start),
            FirstTokenSeconds = chunks.Count > 0 ? Seconds(chunks[0]) : null,
            EndSeconds = Seconds(end),
            PromptTokensTarget = request.PromptTokens,
            PromptTokens = promptTokens,
            OutputTokensTarget = request.OutputTokens,
            OutputTokens = outputTokens,
            OutputTokensFromUsage = completionTokens is not null,
            ContentChunks = chunks.Count,
            TtftMs = chunks.Count > 0 ? Ms(start, chunks[0]) : null,
            ItlMs = chunks.Count > 1 && outputTokens > 1 ? Ms(chunks[0], chunks[^1]) / (outputTokens - 1) : null,
            E2eMs = Ms(start, end),
            ChunkGapsMs = gaps.MoveToImmutable(),
        };
    }
}
