using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>
/// The shared clock: replicas behind a router, advanced event by event. At each event time, in this order: replica
/// steps ending then are finished (their completions free outstanding slots), arrivals then are routed, and idle
/// replicas with work start a step. Time jumps from event to event; an empty replica idles until its next request
/// enters its wait queue.
/// </summary>
/// <remarks>
/// An open loop replays a workload whose arrivals are all known. A closed loop learns its arrivals as it runs: a finished
/// request (one whose last token reached the client, or a rejected one) hands its user back to
/// <see cref="ClosedLoopUsers"/>, which says when that user sends again; a send due at the current event time is routed
/// in the same event, before idle replicas start their steps.
/// </remarks>
internal sealed class ClusterRun
{
    private readonly Workload? _workload;
    private readonly ClosedLoopUsers? _users;
    private readonly List<int>? _emitted;
    private readonly SimulationOptions _options;
    private RequestState[] _requests;
    private readonly ReplicaEngine[] _engines;
    private readonly TokenGapHistogram? _gaps;
    private readonly double _windowStartMs;
    private readonly int _warmup;
    private readonly bool _detailed = true;
    private int _count;
    private int _nextReplica;

    /// <summary>A closed loop; <paramref name="warmup"/> requests (in sending order) go unmeasured, and the window opens at <paramref name="windowStartMs"/>.</summary>
    public ClusterRun(ClosedLoopSpec spec, int seed, SimulationOptions options, int warmup, double windowStartMs)
    {
        _options = options;
        _gaps = new TokenGapHistogram();
        _users = new ClosedLoopUsers(spec, seed);
        _emitted = [];
        _warmup = warmup;
        _windowStartMs = windowStartMs;
        _requests = new RequestState[Math.Max(16, Math.Min(spec.Requests ?? spec.Concurrency * 4, 1 << 20))];
        _engines = new ReplicaEngine[options.Replicas];
        for (var i = 0; i < _engines.Length; i++)
        {
            _engines[i] = new ReplicaEngine(_requests, _gaps, options.Profile, _windowStartMs);
        }
    }

    /// <summary>An open loop over <paramref name="workload"/>.</summary>
    /// <param name="workload">The requests.</param>
    /// <param name="options">The deployment.</param>
    /// <param name="detailed">
    /// Whether the result lists every request and summarises the token gaps; without them (the verifier's runs, which
    /// read neither) every other figure is the same.
    /// </param>
    public ClusterRun(Workload workload, SimulationOptions options, bool detailed = true)
    {
        _workload = workload;
        _options = options;
        _detailed = detailed;
        _gaps = detailed ? new TokenGapHistogram() : null;
        var n = workload.Count;
        var warmup = (int)Math.Floor(options.WarmupFraction * n);
        _windowStartMs = warmup < n ? workload.Requests[warmup].ArrivalMs : 0;
        _requests = new RequestState[n];
        _count = n;
        for (var i = 0; i < n; i++)
        {
            var w = workload.Requests[i];
            _requests[i] = NewState(w.PromptTokens, w.OutputTokens, w.ArrivalMs, i >= warmup);
        }

        _engines = new ReplicaEngine[options.Replicas];
        for (var i = 0; i < _engines.Length; i++)
        {
            _engines[i] = new ReplicaEngine(_requests, _gaps, options.Profile, _windowStartMs);
        }
    }

    public SimulationResult Run()
    {
        var n = _count;
        var next = 0;
        var inSystem = 0;
        var inSystemArea = 0.0;
        var last = 0.0;
        var end = 0.0;
        while (true)
        {
            var now = _users is not null ? _users.NextMs : next < n ? _requests[next].Arrival : double.PositiveInfinity;
            foreach (var engine in _engines)
            {
                var t = engine.InFlight ? engine.StepEnd : engine.NextReadyMs;
                if (t < now)
                {
                    now = t;
                }
            }

            if (double.IsPositiveInfinity(now))
            {
                break;
            }

            if (now > _windowStartMs && inSystem > 0)
            {
                inSystemArea += inSystem * (now - Math.Max(last, _windowStartMs));
            }

            last = now;
            foreach (var engine in _engines)
            {
                if (engine.InFlight && engine.StepEnd == now)
                {
                    inSystem -= engine.FinishStep(_emitted);
                    end = now;
                    if (_users is not null)
                    {
                        ReturnFinishedUsers();
                    }
                }
            }

            if (_users is null)
            {
                while (next < n && _requests[next].Arrival == now)
                {
                    _requests[next].InSystemAtArrival = inSystem;
                    if (Route(next))
                    {
                        inSystem++;
                    }

                    next++;
                }
            }
            else
            {
                while (_users.NextMs == now)
                {
                    var request = Send(now);
                    _requests[request].InSystemAtArrival = inSystem;
                    if (Route(request))
                    {
                        inSystem++;
                    }
                    else
                    {
                        // A request that can never fit is refused on arrival; its user has its answer at once.
                        _users.Done(_users.UserOf[request], now);
                    }
                }
            }

            foreach (var engine in _engines)
            {
                if (!engine.InFlight)
                {
                    engine.TryStartStep(now);
                }
            }
        }

        if (_users is null)
        {
            return ResultBuilder.Build(_workload!, _options, _requests, _engines, _gaps, _windowStartMs, inSystemArea, end, perRequest: _detailed);
        }

        Array.Resize(ref _requests, _count);
        var sent = Workload.FromSent([.. _requests.Select(r => new WorkloadRequest(r.Arrival, r.Prompt, r.Output))]);
        return ResultBuilder.Build(sent, _options, _requests, _engines, _gaps, _windowStartMs, inSystemArea, end, _users.UserOf);
    }

    /// <summary>Creates the state of the next closed-loop request, sent at <paramref name="now"/>, and returns its index.</summary>
    private int Send(double now)
    {
        var (_, prompt, output) = _users!.Send();
        if (_count == _requests.Length)
        {
            Array.Resize(ref _requests, _requests.Length * 2);
            foreach (var engine in _engines)
            {
                engine.Rebind(_requests);
            }
        }

        var index = _count++;
        _requests[index] = NewState(prompt, output, now, index >= _warmup);
        return index;
    }

    /// <summary>Hands every request that finished in the steps just ended back to its user, at the time its last token reaches the client.</summary>
    private void ReturnFinishedUsers()
    {
        foreach (var request in _emitted!)
        {
            ref var s = ref _requests[request];
            if (s.Generated == s.Output)
            {
                _users!.Done(_users.UserOf[request], s.LastTokenSeen);
            }
        }

        _emitted.Clear();
    }

    private RequestState NewState(int prompt, int output, double arrivalMs, bool measured)
    {
        // The most KV a request ever holds is its prompt plus all but its last output token; if that cannot fit the
        // whole cache, it could never finish (it would preempt itself forever), so it is rejected on arrival.
        var blockSize = _options.Profile.Limits.BlockSize;
        var peakBlocks = ((long)prompt + output - 1 + blockSize - 1) / blockSize;
        return new RequestState
        {
            Prompt = prompt,
            Output = output,
            Arrival = arrivalMs,
            FirstScheduled = double.NaN,
            Replica = -1,
            Rejected = peakBlocks > _options.Profile.KvCacheBlocks,
            Measured = measured,
        };
    }

    private bool Route(int request)
    {
        ref var s = ref _requests[request];
        if (s.Rejected)
        {
            return false;
        }

        int target;
        if (_options.Router == RouterPolicy.LeastLoaded)
        {
            target = 0;
            for (var i = 1; i < _engines.Length; i++)
            {
                if (_engines[i].Outstanding < _engines[target].Outstanding)
                {
                    target = i;
                }
            }
        }
        else
        {
            target = _nextReplica;
            _nextReplica = (_nextReplica + 1) % _engines.Length;
        }

        s.Replica = target;
        _engines[target].Route(request);
        return true;
    }

    /// <summary>Checks that a profile can be simulated at all.</summary>
    public static void Validate(EngineProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(profile.StepTime, nameof(profile.StepTime));
        ArgumentNullException.ThrowIfNull(profile.Limits, nameof(profile.Limits));
        var limits = profile.Limits;
        if (limits.BlockSize <= 0 || limits.MaxNumSeqs <= 0 || limits.MaxNumBatchedTokens <= 0)
        {
            throw new ArgumentException(
                $"The scheduler limits must be positive (block size {limits.BlockSize}, max-num-seqs {limits.MaxNumSeqs}, max-num-batched-tokens {limits.MaxNumBatchedTokens}).",
                nameof(profile));
        }
    }
}
