using System.Collections.Immutable;
using Compass.Observability.LoadTesting;

namespace Compass.Observability.Reporting;

/// <summary>
/// The metrics of one benchmark, named after GuideLLM's report fields. Latencies are in ms except
/// <see cref="RequestLatency"/> (seconds, as GuideLLM has it); rates are per second over the benchmark's window
/// (from its start to the end of its last request).
/// </summary>
public sealed record BenchmarkMetrics
{
    /// <summary>Gets the request counts by status.</summary>
    public required StatusCounts RequestTotals { get; init; }

    /// <summary>Gets the request completion rate (requests/s); its mean is requests ÷ window.</summary>
    public required StatusDistribution RequestsPerSecond { get; init; }

    /// <summary>Gets the requests in flight, weighted by time.</summary>
    public required StatusDistribution RequestConcurrency { get; init; }

    /// <summary>Gets the end-to-end request latency, in seconds.</summary>
    public required StatusDistribution RequestLatency { get; init; }

    /// <summary>Gets the prompt tokens per request (the server's count, else the target).</summary>
    public required StatusDistribution PromptTokenCount { get; init; }

    /// <summary>Gets the output tokens per request.</summary>
    public required StatusDistribution OutputTokenCount { get; init; }

    /// <summary>Gets prompt plus output tokens per request.</summary>
    public required StatusDistribution TotalTokenCount { get; init; }

    /// <summary>Gets the time to first token, in ms.</summary>
    public required StatusDistribution TimeToFirstTokenMs { get; init; }

    /// <summary>Gets E2E ÷ output tokens per request, in ms.</summary>
    public required StatusDistribution TimePerOutputTokenMs { get; init; }

    /// <summary>Gets each request's mean inter-token latency, in ms (the distribution SLOs on ITL are checked against).</summary>
    public required StatusDistribution InterTokenLatencyMs { get; init; }

    /// <summary>Gets the output token rate (tokens/s), each request's tokens counted when it ends; its mean is tokens ÷ window.</summary>
    public required StatusDistribution OutputTokensPerSecond { get; init; }

    /// <summary>Gets the prompt plus output token rate (tokens/s), counted like <see cref="OutputTokensPerSecond"/>.</summary>
    public required StatusDistribution TokensPerSecond { get; init; }

    /// <summary>Gets every gap between consecutive content chunks of successful requests, pooled, in ms.</summary>
    public required DistributionSummary TokenGapsMs { get; init; }

    /// <summary>Gets failed and incomplete requests by kind (<c>http_500</c>, <c>connection</c>, …).</summary>
    public required ImmutableSortedDictionary<string, int> Errors { get; init; }

    /// <summary>Gets the window the rates are over, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Computes the metrics of a benchmark's requests.</summary>
    /// <param name="records">The requests.</param>
    /// <param name="durationSeconds">The window in seconds (positive); rates are per second of it.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="durationSeconds"/> is not positive.</exception>
    public static BenchmarkMetrics Compute(IReadOnlyList<RequestRecord> records, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(records);
        Guard.PositiveFinite(durationSeconds);
        var ok = records.Where(r => r.Outcome == RequestOutcome.Successful).ToArray();
        var incomplete = records.Where(r => r.Outcome == RequestOutcome.Incomplete).ToArray();
        var errored = records.Where(r => r.Outcome == RequestOutcome.Errored).ToArray();

        StatusDistribution Values(Func<RequestRecord, double?> value)
        {
            DistributionSummary Of(IEnumerable<RequestRecord> group) => DistributionSummary.FromValues(group.Select(value).OfType<double>());
            return new(Of(ok), Of(incomplete), Of(errored), Of(records));
        }

        StatusDistribution Rates(Func<RequestRecord, double> weight)
        {
            DistributionSummary Of(IReadOnlyCollection<RequestRecord> group)
                => RateDistribution(group.Select(r => (r.EndSeconds, weight(r))), durationSeconds, group.Count);
            return new(Of(ok), Of(incomplete), Of(errored), Of([.. records]));
        }

        StatusDistribution Concurrency()
        {
            DistributionSummary Of(IReadOnlyCollection<RequestRecord> group)
                => ConcurrencyDistribution(group.Select(r => (r.StartSeconds, r.EndSeconds)), durationSeconds, group.Count);
            return new(Of(ok), Of(incomplete), Of(errored), Of([.. records]));
        }

        static double Prompt(RequestRecord r) => r.PromptTokens ?? r.PromptTokensTarget;

        return new BenchmarkMetrics
        {
            RequestTotals = new StatusCounts(ok.Length, incomplete.Length, errored.Length),
            RequestsPerSecond = Rates(_ => 1),
            RequestConcurrency = Concurrency(),
            RequestLatency = Values(r => r.E2eMs / 1000),
            PromptTokenCount = Values(r => Prompt(r)),
            OutputTokenCount = Values(r => r.OutputTokens),
            TotalTokenCount = Values(r => Prompt(r) + r.OutputTokens),
            TimeToFirstTokenMs = Values(r => r.TtftMs),
            TimePerOutputTokenMs = Values(r => r.TimePerOutputTokenMs),
            InterTokenLatencyMs = Values(r => r.ItlMs),
            OutputTokensPerSecond = Rates(r => r.OutputTokens),
            TokensPerSecond = Rates(r => Prompt(r) + r.OutputTokens),
            TokenGapsMs = DistributionSummary.FromValues(ok.SelectMany(r => r.ChunkGapsMs)),
            Errors = records.Where(r => r.ErrorKind is not null).GroupBy(r => r.ErrorKind!).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            DurationSeconds = durationSeconds,
        };
    }

    /// <summary>
    /// The rate of weighted events over [0, duration]: each event time (merged when closer than 0.1 ms) holds the span
    /// between the midpoints to its neighbours, the rate there is its weight ÷ that span, and spans weight the rates,
    /// so the mean is total weight ÷ duration.
    /// </summary>
    internal static DistributionSummary RateDistribution(IEnumerable<(double Time, double Weight)> events, double duration, int count)
    {
        var points = new List<(double Time, double Weight)> { (0, 0) };
        foreach (var (time, weight) in events.Where(e => e.Time >= 0 && e.Time <= duration).OrderBy(e => e.Time))
        {
            if (time - points[^1].Time < 1e-4)
            {
                points[^1] = (points[^1].Time, points[^1].Weight + weight);
            }
            else
            {
                points.Add((time, weight));
            }
        }

        if (duration - points[^1].Time < 1e-4)
        {
            points[^1] = (duration, points[^1].Weight);
        }
        else
        {
            points.Add((duration, 0));
        }

        if (points.Count < 2)
        {
            return DistributionSummary.Empty with { Count = count };
        }

        var spans = new List<(double Value, double Weight)>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var left = i == 0 ? points[0].Time : (points[i - 1].Time + points[i].Time) / 2;
            var right = i == points.Count - 1 ? points[^1].Time : (points[i].Time + points[i + 1].Time) / 2;
            var span = right - left;
            if (span > 0)
            {
                spans.Add((points[i].Weight / span, span));
            }
        }

        return DistributionSummary.FromWeighted(spans, count);
    }

    /// <summary>The number of intervals open at each moment of [0, duration], weighted by how long it held.</summary>
    internal static DistributionSummary ConcurrencyDistribution(IEnumerable<(double Start, double End)> intervals, double duration, int count)
    {
        var changes = intervals
            .SelectMany(i => new[] { (Time: Math.Clamp(i.Start, 0, duration), Delta: 1), (Time: Math.Clamp(i.End, 0, duration), Delta: -1) })
            .OrderBy(c => c.Time).ThenBy(c => c.Delta)
            .ToArray();
        var levels = new List<(double Value, double Weight)>();
        var level = 0;
        var at = 0.0;
        foreach (var (time, delta) in changes)
        {
            if (time > at)
            {
                levels.Add((level, time - at));
                at = time;
            }

            level += delta;
        }

        if (duration > at)
        {
            levels.Add((level, duration - at));
        }

        return DistributionSummary.FromWeighted(levels, count);
    }
}
