using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>
/// The shared clock: replicas behind a router, advanced event by event. At each event time, in this order: replica
/// steps ending then are finished (their completions free outstanding slots), arrivals then are routed, and idle
/// replicas with work start a step. Time jumps from event to event; an empty replica idles until its next request
/// enters its wait queue.
/// </summary>
internal sealed class ClusterRun
{
    private readonly Workload _workload;
    private readonly SimulationOptions _options;
    private readonly RequestState[] _requests;
    private readonly ReplicaEngine[] _engines;
    private readonly TokenGapHistogram _gaps = new();
    private readonly double _windowStartMs;
    private int _nextReplica;

    public ClusterRun(Workload workload, SimulationOptions options)
    {
        _workload = workload;
        _options = options;
        var n = workload.Count;
        var warmup = (int)Math.Floor(options.WarmupFraction * n);
        _windowStartMs = warmup < n ? workload.Requests[warmup].ArrivalMs : 0;
        _requests = new RequestState[n];
        var capacity = options.Profile.KvCacheBlocks;
        var blockSize = options.Profile.Limits.BlockSize;
        for (var i = 0; i < n; i++)
        {
            var w = workload.Requests[i];

            // The most KV a request ever holds is its prompt plus all but its last output token; if that cannot fit the
            // whole cache, it could never finish (it would preempt itself forever), so it is rejected on arrival.
            var peakBlocks = ((long)w.PromptTokens + w.OutputTokens - 1 + blockSize - 1) / blockSize;
            _requests[i] = new RequestState
            {
                Prompt = w.PromptTokens,
                Output = w.OutputTokens,
                Arrival = w.ArrivalMs,
                FirstScheduled = double.NaN,
                Replica = -1,
                Rejected = peakBlocks > capacity,
                Measured = i >= warmup,
            };
        }

        _engines = new ReplicaEngine[options.Replicas];
        for (var i = 0; i < _engines.Length; i++)
        {
            _engines[i] = new ReplicaEngine(_requests, _gaps, options.Profile, _windowStartMs);
        }
    }

    public SimulationResult Run()
    {
        var n = _requests.Length;
        var next = 0;
        var inSystem = 0;
        var inSystemArea = 0.0;
        var last = 0.0;
        var end = 0.0;
        while (true)
        {
            var now = next < n ? _requests[next].Arrival : double.PositiveInfinity;
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
                    inSystem -= engine.FinishStep();
                    end = now;
                }
            }

            while (next < n && _requests[next].Arrival == now)
            {
                _requests[next].InSystemAtArrival = inSystem;
                if (Route(next))
                {
                    inSystem++;
                }

                next++;
            }

            foreach (var engine in _engines)
            {
                if (!engine.InFlight)
                {
                    engine.TryStartStep(now);
                }
            }
        }

        return ResultBuilder.Build(_workload, _options, _requests, _engines, _gaps, _windowStartMs, inSystemArea, end);
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
