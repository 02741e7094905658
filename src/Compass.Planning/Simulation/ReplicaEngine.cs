using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>
/// One vLLM (V1) engine, step by step. Each step: (1) running decodes, one token each, in admission order;
/// (2) running requests still prefilling (chunked prefill continues first); (3) waiting requests, FCFS, while the token
/// budget (max-num-batched-tokens), max-num-seqs and free KV blocks allow; a waiting request may start with a partial
/// chunk. A running request that cannot get a KV block preempts the most recently admitted running request (possibly
/// itself) by recompute: its blocks are freed, it goes to the front of the wait queue, and its prefill later runs over
/// prompt + generated tokens. As in vLLM, no waiting request is admitted in a step that preempted.
/// </summary>
internal sealed class ReplicaEngine
{
    private RequestState[] _requests;
    private readonly TokenGapHistogram? _gaps;
    private readonly IStepTimeModel _model;
    private readonly RooflineStepTimeModel? _roofline;
    private readonly int _blockSize;
    private readonly int _maxSeqs;
    private readonly int _maxTokens;
    private readonly long _capacity;
    private readonly double _requestOverheadMs;
    private readonly double _requestServiceMs;
    private readonly double _tokenServiceMs;

    // When the API server's thread is next free: admissions and streamed tokens queue for it in event order.
    private double _frontFree = double.NegativeInfinity;
    private readonly double _windowStartMs;
    private readonly IntDeque _waiting;
    private readonly IntDeque _incoming;
    private int[] _running;
    private int _runningCount;
    private long _free;

    /// <summary>Initializes a new instance; without <paramref name="gaps"/> the gaps between tokens are not recorded.</summary>
    public ReplicaEngine(RequestState[] requests, TokenGapHistogram? gaps, EngineProfile profile, double windowStartMs)
    {
        _requests = requests;
        _gaps = gaps;
        _model = profile.StepTime;
        _roofline = profile.StepTime as RooflineStepTimeModel;
        _blockSize = profile.Limits.BlockSize;
        _maxSeqs = profile.Limits.MaxNumSeqs;
        _maxTokens = profile.Limits.MaxNumBatchedTokens;
        _capacity = profile.KvCacheBlocks;
        _free = _capacity;
        _requestOverheadMs = profile.RequestOverheadMs;
        _requestServiceMs = profile.RequestServiceMs;
        _tokenServiceMs = profile.OutputTokenOverheadMs;
        _windowStartMs = windowStartMs;
        _waiting = new IntDeque(64);
        _incoming = new IntDeque(64);
        _running = new int[Math.Min(_maxSeqs, 64)];
    }

    /// <summary>Gets whether a step is running.</summary>
    public bool InFlight { get; private set; }

    /// <summary>Gets when the running step ends.</summary>
    public double StepEnd { get; private set; }

    /// <summary>Gets the requests routed here and not finished.</summary>
    public int Outstanding { get; private set; }

    /// <summary>Gets when the next routed request enters the wait queue (infinity when none is on its way).</summary>
    public double NextReadyMs => _incoming.Count > 0 ? _requests[_incoming.Front].Ready : double.PositiveInfinity;

    public long Steps { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Gets Σ used blocks × step time over the part of each step inside the window.</summary>
    public double UsedBlockMs { get; private set; }

    public double PeakUtilization { get; private set; }

    /// <summary>Gets the requests running (admitted, holding KV blocks).</summary>
    public int RunningCount => _runningCount;

    /// <summary>Gets the requests in the wait queue plus those still on their way to it.</summary>
    public int WaitingCount => _waiting.Count + _incoming.Count;

    /// <summary>Gets the KV-cache blocks in use.</summary>
    public long UsedBlocks => _capacity - _free;

    /// <summary>Gets the KV-cache capacity in blocks.</summary>
    public long CapacityBlocks => _capacity;

    /// <summary>Gets what the latest step ran.</summary>
    public StepBatch LastBatch { get; private set; }

    /// <summary>Points the engine at a bigger request array holding the same requests (the live engine grows its pool).</summary>
    public void Rebind(RequestState[] requests) => _requests = requests;

    /// <summary>
    /// Takes a request out at once, wherever it is (on its way, waiting or running), and frees its KV blocks. A step in
    /// flight keeps its duration; the request simply emits nothing when it ends.
    /// </summary>
    /// <returns>Whether the request was here.</returns>
    public bool Cancel(int request)
    {
        if (_incoming.Remove(request) || _waiting.Remove(request))
        {
            Outstanding--;
            return true;
        }

        for (var i = 0; i < _runningCount; i++)
        {
            if (_running[i] != request)
            {
                continue;
            }

            Array.Copy(_running, i + 1, _running, i, _runningCount - i - 1);
            _runningCount--;
            ref var s = ref _requests[request];
            _free += s.Blocks;
            s.Blocks = 0;
            s.Scheduled = 0;
            Outstanding--;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Routes a request here at its arrival; it enters the wait queue after the request overhead, and no sooner than the
    /// API server's thread, taking it after everything queued there before it, has spent the serial admission time on
    /// it (requests are routed in arrival order, so the wait queue stays in that order).
    /// </summary>
    public void Route(int request)
    {
        ref var s = ref _requests[request];
        var admitted = s.Arrival;
        if (_requestServiceMs > 0)
        {
            admitted = Math.Max(s.Arrival, _frontFree) + _requestServiceMs;
            _frontFree = admitted;
        }

        s.Ready = Math.Max(s.Arrival + _requestOverheadMs, admitted);
        _incoming.PushBack(request);
        Outstanding++;
    }

    /// <summary>Starts a step at <paramref name="now"/> if there is anything to run.</summary>
    /// <returns>Whether a step started.</returns>
    public bool TryStartStep(double now)
    {
        while (_incoming.Count > 0 && _requests[_incoming.Front].Ready <= now)
        {
            _waiting.PushBack(_incoming.PopFront());
        }

        if (_runningCount == 0 && _waiting.Count == 0)
        {
            return false;
        }

        var batch = Schedule(now);
        if (batch.IsEmpty)
        {
            throw new InvalidOperationException("The scheduler found nothing to run while requests were waiting; this is a simulator bug.");
        }

        LastBatch = batch;
        var duration = (_roofline is { } roofline ? roofline.PredictRepeated(in batch) : _model.Predict(in batch)).TotalMs;
        if (!double.IsFinite(duration) || duration < 0)
        {
            throw new InvalidOperationException($"The step-time model predicted {duration} ms for a step; steps must take a finite, non-negative time.");
        }

        var used = _capacity - _free;
        var end = now + duration;
        if (end > _windowStartMs)
        {
            UsedBlockMs += used * (end - Math.Max(now, _windowStartMs));
            if (_capacity > 0)
            {
                PeakUtilization = Math.Max(PeakUtilization, (double)used / _capacity);
            }
        }

        Steps++;
        StepEnd = end;
        InFlight = true;
        return true;
    }

    /// <summary>Ends the running step: computed tokens advance, tokens are emitted, finished requests leave.</summary>
    /// <param name="emitted">When not null, receives every request that emitted a token, in running order.</param>
    /// <returns>How many requests finished.</returns>
    public int FinishStep(List<int>? emitted = null)
    {
        var end = StepEnd;
        var finished = 0;
        var kept = 0;
        var running = _running;
        for (var i = 0; i < _runningCount; i++)
        {
            var r = running[i];
            ref var s = ref _requests[r];
            var n = s.Scheduled;
            if (n > 0)
            {
                s.Scheduled = 0;
                s.Computed += n;
                if (s.Computed == s.Prompt + s.Generated)
                {
                    s.Generated++;
                    var seen = Stream(end);
                    if (s.Generated == 1)
                    {
                        s.FirstTokenEnd = end;
                        s.FirstTokenSeen = seen;
                    }
                    else if (s.Measured)
                    {
                        _gaps?.Add(seen - s.LastTokenSeen);
                    }

                    s.LastTokenEnd = end;
                    s.LastTokenSeen = seen;
                    emitted?.Add(r);
                    if (s.Generated == s.Output)
                    {
                        _free += s.Blocks;
                        s.Blocks = 0;
                        finished++;
                        continue;
                    }
                }
            }

            running[kept++] = r;
        }

        _runningCount = kept;
        Outstanding -= finished;
        InFlight = false;
        return finished;
    }

    // The API server streams one token at a time: a token reaches the client when the thread, after what is queued
    // there before it, has spent the per-token time on it.
    private double Stream(double end)
    {
        if (_tokenServiceMs <= 0)
        {
            return end;
        }

        _frontFree = Math.Max(end, _frontFree) + _tokenServiceMs;
        return _frontFree;
    }

    private int BlocksFor(int tokens) => (int)(((long)tokens + _blockSize - 1) / _blockSize);

    private StepBatch Schedule(double now)
    {
        var budget = _maxTokens;
        var preempted = false;
        var undone = false;
        var sawPrefill = false;
        var running = _running;
        var requests = _requests;
        var decodeSeqs = 0;
        var decodeContext = 0L;
        var prefill = default(PrefillSums);

        // 1. Running decodes, one token each.
        for (var i = 0; i < _runningCount && budget > 0; i++)
        {
            var r = running[i];
            ref var s = ref requests[r];
            if (!s.IsDecode)
            {
                sawPrefill = true;
                continue;
            }

            if (s.Computed + 1 > s.Blocks * _blockSize)
            {
                if (!Reserve(r, 1, ref budget, ref undone, ref preempted))
                {
                    break;
                }

                s.Blocks++;
            }

            s.Scheduled = 1;
            budget--;
            decodeSeqs++;
            decodeContext += s.Computed + 1;
        }

        // 2. Running requests still prefilling: their next chunk.
        if (sawPrefill)
        {
            for (var i = 0; i < _runningCount && budget > 0; i++)
            {
                var r = running[i];
                ref var s = ref requests[r];
                if (s.Scheduled > 0 || s.IsDecode)
                {
                    continue;
                }

                var n = Math.Min(s.Pending, budget);
                var need = BlocksFor(s.Computed + n) - s.Blocks;
                if (need > 0)
                {
                    if (!Reserve(r, need, ref budget, ref undone, ref preempted))
                    {
                        break;
                    }

                    s.Blocks += need;
                }

                s.Scheduled = n;
                budget -= n;
                prefill.Add(n, s.Computed);
            }
        }

        // 3. Waiting requests, FCFS (not in a step that preempted, unless nothing else could run).
        if (!preempted || _runningCount == 0)
        {
            while (budget > 0 && _waiting.Count > 0 && _runningCount < _maxSeqs)
            {
                var r = _waiting.Front;
                ref var s = ref requests[r];
                var n = Math.Min(s.Pending, budget);
                var need = BlocksFor(s.Computed + n) - s.Blocks;
                if (need > _free)
                {
                    break;
                }

                _waiting.PopFront();
                _free -= need;
                s.Blocks += need;
                s.Scheduled = n;
                budget -= n;
                if (double.IsNaN(s.FirstScheduled))
                {
                    s.FirstScheduled = now;
                }

                if (_runningCount == running.Length)
                {
                    Array.Resize(ref _running, Math.Min(_maxSeqs, running.Length * 2));
                    running = _running;
                }

                running[_runningCount++] = r;
                prefill.Add(n, s.Computed);
            }
        }

        if (undone)
        {
            // A preemption took back a request already scheduled this step: recount the batch from what remains.
            decodeSeqs = 0;
            decodeContext = 0;
            prefill = default;
            for (var i = 0; i < _runningCount; i++)
            {
                ref var s = ref requests[running[i]];
                if (s.Scheduled == 0)
                {
                    continue;
                }

                if (s.IsDecode)
                {
                    decodeSeqs++;
                    decodeContext += s.Computed + 1;
                }
                else
                {
                    prefill.Add(s.Scheduled, s.Computed);
                }
            }
        }

        return new StepBatch(prefill.Tokens, prefill.Pairs, prefill.Context, prefill.Sequences, decodeSeqs, decodeContext);
    }

    /// <summary>
    /// Frees at least <paramref name="blocks"/> blocks for <paramref name="request"/> by preempting the most recently
    /// admitted running requests; takes the blocks from the free pool on success.
    /// </summary>
    /// <returns><see langword="false"/> when the request had to preempt itself.</returns>
    private bool Reserve(int request, int blocks, ref int budget, ref bool undone, ref bool preempted)
    {
        while (blocks > _free)
        {
            var victim = _running[--_runningCount];
            ref var v = ref _requests[victim];
            if (v.Scheduled > 0)
            {
                budget += v.Scheduled;
                v.Scheduled = 0;
                undone = true;
            }

            _free += v.Blocks;
            v.Blocks = 0;
            v.Computed = 0;
            v.Preemptions++;
            Preemptions++;
            _waiting.PushFront(victim);
            preempted = true;
            if (victim == request)
            {
                return false;
            }
        }

        _free -= blocks;
        return true;
    }

    /// <summary>The prefill part of a step, summed over its chunks.</summary>
    private struct PrefillSums
    {
        public long Tokens;
        public double Pairs;
        public long Context;
        public int Sequences;

        public void Add(int tokens, int cached)
        {
            Tokens += tokens;
            Pairs += tokens * (cached + ((tokens + 1) / 2.0));
            Context += cached;
            Sequences++;
        }
    }
}
