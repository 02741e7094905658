using Compass.Planning.Simulation;
using Compass.Simulator.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Compass.Simulator.Engine;

/// <summary>
/// The live engine: Compass.Planning's <see cref="SteppingEngine"/> (the offline simulator's scheduler) driven by a real
/// clock. A background loop starts a step, waits on the injected <see cref="TimeProvider"/> until the step's predicted
/// end, finishes it (handing each emitted token to its request's channel) and starts the next one back to back on the
/// engine clock, so a late wake-up delays delivery but never the schedule. Requests are admitted at the current time
/// and enter the wait queue after the profile's request overhead.
/// </summary>
internal sealed class SimulatorEngine : BackgroundService
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSignal();
    private readonly ManualResetEventSlim _threadSignal = new(false, spinCount: 0);
    private readonly SteppingEngine _engine;
    private readonly SlowStartStepTimeModel? _slow;
    private readonly Dictionary<long, LiveRequest> _active = [];
    private readonly TimeProvider _time;
    private readonly SimulatorMetrics _metrics;
    private readonly CompassSimulatorOptions _options;
    private readonly long _startTimestamp;
    private readonly double _readyAtMs;
    private double _lastEndMs;
    private long _preemptionsSeen;

    public SimulatorEngine(SimulatedDeployment deployment, IOptions<CompassSimulatorOptions> options, TimeProvider time, SimulatorMetrics metrics)
    {
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        Deployment = deployment;
        var profile = deployment.Profile;
        if (_options.SlowStartDuration > TimeSpan.Zero && _options.SlowStartFactor > 1)
        {
            _slow = new SlowStartStepTimeModel(profile.StepTime);
            profile = profile with { StepTime = _slow };
        }

        _engine = new SteppingEngine(profile);
        _startTimestamp = time.GetTimestamp();
        _readyAtMs = _options.StartupDelay.TotalMilliseconds;
    }

    public SimulatedDeployment Deployment { get; }

    /// <summary>Gets the engine clock: ms since start-up.</summary>
    public double NowMs => _time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    /// <summary>Gets whether the start-up delay has passed.</summary>
    public bool IsReady => NowMs >= _readyAtMs;

    /// <summary>Admits a request now, or returns null when the wait queue is at its limit.</summary>
    public LiveRequest? TrySubmit(int promptTokens, int outputTokens, string finishReason)
    {
        LiveRequest request;
        lock (_gate)
        {
            if (_options.MaxWaitingRequests > 0 && _engine.Waiting >= _options.MaxWaitingRequests)
            {
                return null;
            }

            var now = NowMs;
            var id = _engine.Admit(promptTokens, outputTokens, now);
            request = new LiveRequest(id, now, promptTokens, outputTokens, finishReason);
            _active[id] = request;
        }

        Wake();
        return request;
    }

    /// <summary>Takes a request out at once (the client went away): frees its sequence and KV blocks.</summary>
    public void Cancel(LiveRequest request)
    {
        lock (_gate)
        {
            if (request.Done)
            {
                return;
            }

            request.Done = true;
            _active.Remove(request.Id);
            _engine.Cancel(request.Id);
            _metrics.OnAborted(request);
            request.Abort();
        }

        Wake();
    }

    /// <summary>Gets whether a request of this size could ever be served by the KV cache.</summary>
    public bool CanEverFit(int promptTokens, int outputTokens) => _engine.CanEverFit(promptTokens, outputTokens);

    public EngineSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new EngineSnapshot(_engine.Running, _engine.Waiting, _engine.KvCacheUsage, _engine.UsedBlocks, _engine.TotalBlocks);
        }
    }

    /// <summary>Runs whatever is due at the current time (the loop calls this; tests with a fake clock may too).</summary>
    /// <returns>When the engine next needs attention, in ms (infinity when idle with nothing on its way).</returns>
    public double Pump()
    {
        lock (_gate)
        {
            var now = NowMs;
            Advance(now);
            return _engine.StepInFlight ? _engine.StepEndMs : _engine.NextReadyMs;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!ReferenceEquals(_time, TimeProvider.System))
        {
            return RunOnTimeProviderAsync(stoppingToken);
        }

        // On the system clock the loop owns a thread and sleeps in the kernel: the OS wakes it when a step ends. A timer
        // continuation on the thread pool would wait behind the burst of stream writes the previous step caused, which is
        // what made tokens late under a thousand streams.
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                RunOnThread(stoppingToken);
                finished.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                finished.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Compass simulator engine",
        };
        thread.Start();
        return finished.Task;
    }

    private void RunOnThread(CancellationToken stoppingToken)
    {
        using var _ = stoppingToken.Register(() => _threadSignal.Set());
        while (!stoppingToken.IsCancellationRequested)
        {
            // Reset before looking at the engine: a request admitted after this point sets it, one admitted before is seen by Pump.
            _threadSignal.Reset();
            var wakeAt = Pump();
            var wait = wakeAt - NowMs;
            if (wait <= 0)
            {
                continue;
            }

            // Kernel timed waits take whole milliseconds; rounding up keeps a wake-up from ever coming early.
            var timeout = double.IsPositiveInfinity(wakeAt) ? Timeout.Infinite : (int)Math.Min(int.MaxValue, Math.Ceiling(wait));
            _threadSignal.Wait(timeout, CancellationToken.None); // the stopping token sets the signal
        }
    }

    private async Task RunOnTimeProviderAsync(CancellationToken stoppingToken)
    {
        await using var _ = stoppingToken.Register(() => Volatile.Read(ref _wake).TrySetResult()).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            // Take the signal before looking at the engine: a request admitted after this point completes it, one admitted
            // before is seen by Pump. (Only this loop replaces the signal.)
            if (_wake.Task.IsCompleted)
            {
                Volatile.Write(ref _wake, NewSignal());
            }

            var signalled = _wake.Task;
            var wakeAt = Pump();
            var wait = wakeAt - NowMs;
            if (wait <= 0)
            {
                continue;
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = double.IsPositiveInfinity(wakeAt) ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(wait);
            var timer = Task.Delay(delay, _time, cts.Token);
            await Task.WhenAny(signalled, timer).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Wake()
    {
        _threadSignal.Set();
        Volatile.Read(ref _wake).TrySetResult();
    }

    private void Advance(double now)
    {
        while (true)
        {
            if (_engine.StepInFlight)
            {
                if (_engine.StepEndMs > now)
                {
                    return;
                }

                var completion = _engine.FinishStep();
                _lastEndMs = completion.EndMs;
                _metrics.OnEmissionLag(now - completion.EndMs);
                Dispatch(completion);
            }

            var step = Start(_lastEndMs);
            if (step is null && _engine.NextReadyMs <= now)
            {
                step = Start(Math.Max(_lastEndMs, _engine.NextReadyMs));
            }

            if (step is not { } started)
            {
                return;
            }

            _metrics.OnStep(started.Batch);
            var preemptions = _engine.Preemptions;
            if (preemptions != _preemptionsSeen)
            {
                _metrics.OnPreemptions(preemptions - _preemptionsSeen);
                _preemptionsSeen = preemptions;
            }
        }
    }

    private StepStart? Start(double atMs)
    {
        if (_slow is not null)
        {
            var duration = _options.SlowStartDuration.TotalMilliseconds;
            var progress = Math.Clamp((atMs - _readyAtMs) / duration, 0, 1);
            _slow.Factor = _options.SlowStartFactor + ((1 - _options.SlowStartFactor) * progress);
        }

        return _engine.TryStartStep(atMs);
    }

    private void Dispatch(StepCompletion completion)
    {
        foreach (var emission in completion.Emissions)
        {
            if (!_active.TryGetValue(emission.RequestId, out var request))
            {
                continue;
            }

            var end = completion.EndMs;
            if (emission.Generated == 1)
            {
                request.FirstTokenMs = end;
                _metrics.OnFirstToken(request, end);
            }
            else
            {
                _metrics.OnToken(end - request.LastTokenMs);
            }

            request.LastTokenMs = end;
            if (emission.Finished)
            {
                request.Done = true;
                _active.Remove(emission.RequestId);
                _metrics.OnFinished(request, emission);
            }

            request.Emit(emission, end);
        }
    }
}
