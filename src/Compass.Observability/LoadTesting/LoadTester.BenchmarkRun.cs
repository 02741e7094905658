using System.Collections.Concurrent;

namespace Compass.Observability.LoadTesting;

/// <summary>One benchmark in progress.</summary>
public sealed partial class LoadTester
{
    private sealed class BenchmarkRun(LoadTester owner, LoadTestOptions options, LoadProfile strategy, int index, int count, IProgress<LoadProgress>? progress) : IDisposable
    {
        private readonly ConcurrentBag<RequestRecord> _records = [];
        private readonly Lock _gate = new();
        private readonly Random _random = new(unchecked(options.Seed + (index * 7919)));
        private CancellationTokenSource _stopIssuing = new();
        private long _start;
        private int _issued;
        private int _measuredIssued;
        private int _inFlight;
        private int _successful;
        private int _errored;
        private int _incomplete;
        private long _outputTokens;

        public DateTimeOffset StartTime { get; private set; }

        public double IssueEndSeconds { get; private set; }

        public RequestRecord? FailFast { get; private set; }

        /// <summary>Gets the warm-up, in seconds (0 without one).</summary>
        public double WarmupSeconds { get; } = options.WarmupSeconds ?? 0;

        /// <summary>Gets the end of issuing on the run's clock: the warm-up plus the duration; null without a duration.</summary>
        private double? IssueHorizon => options.DurationSeconds + WarmupSeconds;

        /// <summary>Gets the run's clock, in seconds since it started (the warm-up included).</summary>
        public double Elapsed() => owner._time.GetElapsedTime(_start).TotalSeconds;

        public async Task<IReadOnlyCollection<RequestRecord>> ExecuteAsync(CancellationToken cancellationToken)
        {
            // A rate profile ends by its arrival schedule (every arrival due before the end is issued, late or not); the
            // others stop issuing when the duration has passed.
            if (IssueHorizon is { } seconds && strategy.Kind != LoadProfileKind.Rate)
            {
                _stopIssuing.Dispose();
                _stopIssuing = new CancellationTokenSource(TimeSpan.FromSeconds(seconds), owner._time);
            }

            using var issuing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopIssuing.Token);
            StartTime = owner._time.GetUtcNow();
            _start = owner._time.GetTimestamp();

            if (strategy.Kind == LoadProfileKind.Rate)
            {
                await IssueAtRateAsync(issuing.Token, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var workers = strategy.Kind switch
                {
                    LoadProfileKind.Synchronous => 1,
                    LoadProfileKind.Concurrent => strategy.Concurrency!.Value,
                    _ => options.MaxConcurrency,
                };
                await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkerAsync(issuing.Token, cancellationToken))).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return _records;
        }

        public void Dispose() => _stopIssuing.Dispose();

        private PlannedRequest? Next(double scheduledSeconds)
        {
            lock (_gate)
            {
                var measured = scheduledSeconds >= WarmupSeconds;
                if (_stopIssuing.IsCancellationRequested || (measured && options.MaxRequests is { } max && _measuredIssued >= max))
                {
                    return null;
                }

                _measuredIssued += measured ? 1 : 0;
                var id = _issued++;
                var prompt = Compass.Planning.Simulation.TokenSampler.Sample(options.PromptTokens, _random);
                var output = Compass.Planning.Simulation.TokenSampler.Sample(options.OutputTokens, _random);
                return new PlannedRequest(id, PromptText.Build(id, prompt, _random), prompt, output);
            }
        }

        private async Task WorkerAsync(CancellationToken issuing, CancellationToken cancellationToken)
        {
            while (!issuing.IsCancellationRequested)
            {
                var now = Elapsed();
                if ((IssueHorizon is { } end && now >= end) || Next(now) is not { } request)
                {
                    break;
                }

                await SendAsync(request, now, cancellationToken).ConfigureAwait(false);
            }

            MarkIssueEnd();
        }

        private async Task IssueAtRateAsync(CancellationToken issuing, CancellationToken cancellationToken)
        {
            var tasks = new List<Task>();
            using var slots = new SemaphoreSlim(options.MaxConcurrency);
            var gapRandom = new Random(unchecked((options.Seed * 31) + index));
            var due = 0.0;
            try
            {
                while (!issuing.IsCancellationRequested)
                {
                    // The arrival schedule, not the stop timer (which fires late on a busy machine), ends a timed run.
                    if (IssueHorizon is { } end && due >= end)
                    {
                        break;
                    }

                    // Timers may fire a little early; wait again until the arrival is really due.
                    for (var wait = due - Elapsed(); wait > 0; wait = due - Elapsed())
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Max(wait, 0.001)), owner._time, issuing).ConfigureAwait(false);
                    }

                    await slots.WaitAsync(issuing).ConfigureAwait(false);
                    if (Next(due) is not { } request)
                    {
                        slots.Release();
                        break;
                    }

                    var scheduled = due;
                    tasks.Add(SendAndReleaseAsync(request, scheduled, slots, cancellationToken));
                    due += ArrivalGaps.Next(strategy.Rate!.Value, strategy.Arrival!, gapRandom);
                }
            }
            catch (OperationCanceledException) when (issuing.IsCancellationRequested)
            {
                // The duration ended, or the test stopped: no more arrivals.
            }

            MarkIssueEnd();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        private async Task SendAndReleaseAsync(PlannedRequest request, double scheduled, SemaphoreSlim slots, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Yield();
                await SendAsync(request, scheduled, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        private void MarkIssueEnd()
        {
            lock (_gate)
            {
                IssueEndSeconds = Math.Max(IssueEndSeconds, Math.Min(Elapsed(), IssueHorizon ?? double.MaxValue));
            }
        }

        private async Task SendAsync(PlannedRequest request, double scheduled, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            var record = await owner._client.SendAsync(options, request, _start, scheduled, cancellationToken).ConfigureAwait(false);
            Interlocked.Decrement(ref _inFlight);
            _records.Add(record);
            switch (record.Outcome)
            {
                case RequestOutcome.Successful:
                    Interlocked.Increment(ref _successful);
                    Interlocked.Add(ref _outputTokens, record.OutputTokens);
                    break;
                case RequestOutcome.Errored:
                    var errors = Interlocked.Increment(ref _errored);
                    if (Volatile.Read(ref _successful) == 0 && errors >= options.FailFastAfter && IsFatal(record))
                    {
                        lock (_gate)
                        {
                            FailFast ??= record;
                            _stopIssuing.Cancel();
                        }
                    }

                    break;
                default:
                    Interlocked.Increment(ref _incomplete);
                    break;
            }

            if (progress is not null)
            {
                var elapsed = Math.Max(Elapsed(), 1e-3);
                progress.Report(new LoadProgress(
                    index + 1, count, strategy.ToString(), elapsed, Volatile.Read(ref _successful), Volatile.Read(ref _errored), Volatile.Read(ref _incomplete),
                    Volatile.Read(ref _inFlight), Volatile.Read(ref _successful) / elapsed, Interlocked.Read(ref _outputTokens) / elapsed));
            }
        }

        // Failures that say the URL is not an OpenAI-compatible server at all (as opposed to an overloaded one).
        private static bool IsFatal(RequestRecord record)
            => record.ErrorKind is "connection" or "invalid_response" or "no_tokens"
                || (record.StatusCode is >= 400 and < 500 and not 408 and not 429);
    }
}
