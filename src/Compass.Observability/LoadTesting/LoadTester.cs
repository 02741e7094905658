using System.Collections.Concurrent;
using System.Collections.Immutable;
using Compass.Observability.Prometheus;
using Compass.Observability.Reporting;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// Drives an OpenAI-compatible endpoint (vLLM, the Compass simulator, a KServe URL) with a <see cref="LoadProfile"/>
/// and measures every request from its SSE stream.
/// </summary>
/// <remarks>
/// Thread-safe: one instance may run several tests at once. Time comes from the injected <see cref="TimeProvider"/>
/// (monotonic timestamps for latencies, its timers for arrival schedules); randomness from <see cref="LoadTestOptions.Seed"/>.
/// The <see cref="HttpClient"/> is not disposed by the tester.
/// </remarks>
public sealed partial class LoadTester
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly OpenAiStreamClient _client;

    /// <summary>Initializes a new instance of the <see cref="LoadTester"/> class.</summary>
    /// <param name="httpClient">The client requests go through; give it an infinite <see cref="HttpClient.Timeout"/> (requests time out by <see cref="LoadTestOptions.RequestTimeout"/>).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
    public LoadTester(HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _client = new OpenAiStreamClient(_http, _time);
    }

    /// <summary>Runs the load test: one benchmark, or for a sweep, synchronous, throughput and the rate steps between.</summary>
    /// <param name="options">What to send, where and for how long.</param>
    /// <param name="progress">Receives a snapshot after each request ends; may be called from several threads.</param>
    /// <param name="cancellationToken">Stops the test; requests in flight end as incomplete and the exception propagates.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="LoadTestException">The endpoint is unreachable or does not answer like an OpenAI-compatible server.</exception>
    /// <exception cref="OperationCanceledException">The test was cancelled.</exception>
    public async Task<LoadTestReport> RunAsync(LoadTestOptions options, IProgress<LoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var benchmarks = ImmutableArray.CreateBuilder<BenchmarkResult>();
        if (options.Profile.Kind != LoadProfileKind.Sweep)
        {
            benchmarks.Add(await RunBenchmarkAsync(options, options.Profile, 0, 1, progress, cancellationToken).ConfigureAwait(false));
            return new LoadTestReport(options, benchmarks.ToImmutable());
        }

        var steps = options.Profile.SweepSteps!.Value;
        var total = steps + 2;
        var synchronous = await RunBenchmarkAsync(options, LoadProfile.Synchronous(), 0, total, progress, cancellationToken).ConfigureAwait(false);
        benchmarks.Add(synchronous);
        var throughput = await RunBenchmarkAsync(options, LoadProfile.Throughput(), 1, total, progress, cancellationToken).ConfigureAwait(false);
        benchmarks.Add(throughput);
        foreach (var (rate, i) in SweepRates(AchievedRate(synchronous), AchievedRate(throughput), steps).Select((r, i) => (r, i)))
        {
            var step = LoadProfile.AtRate(rate, options.Profile.Arrival!);
            benchmarks.Add(await RunBenchmarkAsync(options, step, i + 2, total, progress, cancellationToken).ConfigureAwait(false));
        }

        return new LoadTestReport(options, benchmarks.ToImmutable());
    }

    /// <summary>The rates a sweep runs between its synchronous and throughput rates: <paramref name="steps"/> evenly spaced, ends excluded.</summary>
    /// <param name="synchronousRate">The rate the synchronous benchmark reached (requests/s).</param>
    /// <param name="throughputRate">The rate the throughput benchmark reached (requests/s).</param>
    /// <param name="steps">How many rates.</param>
    /// <returns>The rates, ascending when the throughput rate is the higher.</returns>
    public static IReadOnlyList<double> SweepRates(double synchronousRate, double throughputRate, int steps)
    {
        Guard.Positive(steps);
        var low = Math.Max(synchronousRate, 1e-3);
        var high = Math.Max(throughputRate, low);
        return [.. Enumerable.Range(1, steps).Select(i => low + ((high - low) * i / (steps + 1)))];
    }

    private static double AchievedRate(BenchmarkResult result) => result.Metrics.RequestTotals.Successful / result.Metrics.DurationSeconds;

    private async Task<BenchmarkResult> RunBenchmarkAsync(
        LoadTestOptions options, LoadProfile strategy, int index, int count, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        PrometheusSnapshot? before = null;
        string? metricsError = null;
        var warmup = options.WarmupSeconds ?? 0;
        if (options.ScrapeServerMetrics && warmup == 0)
        {
            (before, metricsError) = await TryScrapeAsync(options, cancellationToken).ConfigureAwait(false);
        }

        using var run = new BenchmarkRun(this, options, strategy, index, count, progress);
        var execution = run.ExecuteAsync(cancellationToken);    // its clock starts before its first await
        var beforeTask = options.ScrapeServerMetrics && warmup > 0 ? ScrapeAfterWarmupAsync(options, run, cancellationToken) : null;
        var records = await execution.ConfigureAwait(false);
        if (beforeTask is not null)
        {
            (before, metricsError) = await beforeTask.ConfigureAwait(false);
        }

        // The measured benchmark starts when the warm-up ends: its requests' times are offsets from then.
        var ordered = records.Where(r => r.ScheduledSeconds >= warmup).Select(r => Shift(r, warmup)).OrderBy(r => r.Id).ToImmutableArray();
        var duration = Math.Max(run.IssueEndSeconds - warmup, ordered.IsEmpty ? 0 : ordered.Max(r => r.EndSeconds));
        var result = new BenchmarkResult
        {
            Index = index,
            Strategy = strategy,
            StartTime = run.StartTime + TimeSpan.FromSeconds(warmup),
            Requests = ordered,
            Metrics = BenchmarkMetrics.Compute(ordered, Math.Max(duration, 1e-3)),
            WarmupRequests = records.Count - ordered.Length,
        };
        if (run.FailFast is { } failure)
        {
            throw new LoadTestException($"{options.RequestUri()} does not answer like an OpenAI-compatible streaming server: {failure.Error}");
        }

        if (options.ScrapeServerMetrics && before is not null)
        {
            var (after, error) = await TryScrapeAsync(options, cancellationToken).ConfigureAwait(false);
            metricsError = error;
            if (after is not null)
            {
                result = result with
                {
                    ServerLatencies = [.. ServerLatency.VllmHistograms.Concat(ServerLatency.SimulatorHistograms)
                        .Select(m => ServerLatency.Between(before, after, m)).OfType<ServerLatency>()],
                };
            }
        }

        return result with { ServerMetricsError = metricsError };
    }

    private async Task<(PrometheusSnapshot? Snapshot, string? Error)> ScrapeAfterWarmupAsync(LoadTestOptions options, BenchmarkRun run, CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var wait = run.WarmupSeconds - run.Elapsed(); wait > 0; wait = run.WarmupSeconds - run.Elapsed())
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(wait, 0.001)), _time, cancellationToken).ConfigureAwait(false);
        }

        return await TryScrapeAsync(options, cancellationToken).ConfigureAwait(false);
    }

    private static RequestRecord Shift(RequestRecord r, double seconds) => seconds == 0 ? r : r with
    {
        ScheduledSeconds = r.ScheduledSeconds - seconds,
        StartSeconds = r.StartSeconds - seconds,
        FirstTokenSeconds = r.FirstTokenSeconds - seconds,
        EndSeconds = r.EndSeconds - seconds,
    };

    private async Task<(PrometheusSnapshot? Snapshot, string? Error)> TryScrapeAsync(LoadTestOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return (await PrometheusScraper.ScrapeAsync(_http, options.MetricsUri(), cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or PrometheusFormatException or IOException or ArgumentException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, $"could not read {options.MetricsUri()}: {ex.Message}");
        }
    }
}
