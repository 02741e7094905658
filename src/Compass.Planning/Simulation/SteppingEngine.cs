using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>
/// The continuous-batching scheduler of <see cref="ServingSimulator"/> (one replica, vLLM V1 rules: chunked prefill,
/// token budget, max-num-seqs, paged KV cache, preemption by recompute), driven one call at a time by a caller that owns
/// the clock. The offline simulator and the live simulator (Compass.Simulator) run this same scheduler; this type adds
/// only open-ended admission and cancellation.
/// </summary>
/// <remarks>
/// <para>
/// Times are milliseconds on the caller's clock and must never go backwards. The cycle is: <see cref="Admit"/> requests
/// whenever they arrive; when no step is in flight call <see cref="TryStartStep"/> (a request enters the wait queue
/// <see cref="EngineProfile.RequestOverheadMs"/> after its arrival, see <see cref="NextReadyMs"/>); at the step's end call
/// <see cref="FinishStep"/>, which reports the tokens emitted, then start the next step at that same end time.
/// </para>
/// <para>Not thread-safe: one caller at a time (the live simulator holds a lock). The engine is pure: no clock, no I/O.</para>
/// </remarks>
public sealed class SteppingEngine
{
    private readonly ReplicaEngine _engine;
    private readonly Dictionary<long, int> _slotOf = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly List<int> _emitted = [];
    private readonly EngineProfile _profile;
    private RequestState[] _slots;
    private long[] _idOf;
    private long _nextId = 1;
    private double _lastAdmitMs = double.NegativeInfinity;

    /// <summary>Creates an idle engine.</summary>
    /// <param name="profile">The replica's step-time model, KV cache, scheduler limits and overheads.</param>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException">The profile's scheduler limits are not positive.</exception>
    public SteppingEngine(EngineProfile profile)
    {
        ClusterRun.Validate(profile);
        _profile = profile;
        _slots = new RequestState[16];
        _idOf = new long[16];
        for (var i = _slots.Length - 1; i >= 0; i--)
        {
            _freeSlots.Push(i);
        }

        _engine = new ReplicaEngine(_slots, new TokenGapHistogram(), profile, double.PositiveInfinity);
    }

    /// <summary>Gets the engine profile.</summary>
    public EngineProfile Profile => _profile;

    /// <summary>Gets whether a step is in flight.</summary>
    public bool StepInFlight => _engine.InFlight;

    /// <summary>Gets when the step in flight ends, in ms (meaningless when none is).</summary>
    public double StepEndMs => _engine.StepEnd;

    /// <summary>Gets when the next admitted request enters the wait queue, in ms (positive infinity when none is on its way).</summary>
    public double NextReadyMs => _engine.NextReadyMs;

    /// <summary>Gets the requests running: admitted to the batch, holding KV blocks.</summary>
    public int Running => _engine.RunningCount;

    /// <summary>Gets the requests waiting: in the wait queue (including preempted ones) or on their way to it.</summary>
    public int Waiting => _engine.WaitingCount;

    /// <summary>Gets the requests admitted and not yet finished or cancelled.</summary>
    public int Outstanding => _engine.Outstanding;

    /// <summary>Gets the KV-cache blocks in use.</summary>
    public long UsedBlocks => _engine.UsedBlocks;

    /// <summary>Gets the KV-cache capacity in blocks.</summary>
    public long TotalBlocks => _engine.CapacityBlocks;

    /// <summary>Gets the fraction of KV-cache blocks in use, in [0, 1].</summary>
    public double KvCacheUsage => TotalBlocks == 0 ? 0 : (double)UsedBlocks / TotalBlocks;

    /// <summary>Gets the steps started so far.</summary>
    public long Steps => _engine.Steps;

    /// <summary>Gets the preemptions so far.</summary>
    public long Preemptions => _engine.Preemptions;

    /// <summary>Gets whether a request of this size could ever finish: its prompt plus all but its last output token fit the whole KV cache.</summary>
    /// <param name="promptTokens">Prompt tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <returns>Whether it fits.</returns>
    public bool CanEverFit(int promptTokens, int outputTokens)
    {
        var blockSize = _profile.Limits.BlockSize;
        var peakBlocks = ((long)promptTokens + outputTokens - 1 + blockSize - 1) / blockSize;
        return peakBlocks <= TotalBlocks;
    }

    /// <summary>Admits a request arriving at <paramref name="nowMs"/>; it enters the wait queue after the request overhead.</summary>
    /// <param name="promptTokens">Prompt tokens (at least 1).</param>
    /// <param name="outputTokens">Output tokens it will generate (at least 1).</param>
    /// <param name="nowMs">The arrival time, in ms; not before an earlier admission.</param>
    /// <returns>The request's id, as reported in <see cref="TokenEmission.RequestId"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, or the time is not finite or goes backwards.</exception>
    /// <exception cref="ArgumentException">The request could never fit the KV cache (see <see cref="CanEverFit"/>).</exception>
    public long Admit(int promptTokens, int outputTokens, double nowMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputTokens, 1);
        if (!double.IsFinite(nowMs) || nowMs < _lastAdmitMs)
        {
            throw new ArgumentOutOfRangeException(nameof(nowMs), nowMs, "Arrival times must be finite and never go backwards.");
        }

        if (!CanEverFit(promptTokens, outputTokens))
        {
            throw new ArgumentException(
                $"A request of {promptTokens} prompt and {outputTokens} output tokens can never fit the KV cache of {TotalBlocks * _profile.Limits.BlockSize} tokens.",
                nameof(promptTokens));
        }

        if (_freeSlots.Count == 0)
        {
            Grow();
        }

        var slot = _freeSlots.Pop();
        var id = _nextId++;
        _slots[slot] = new RequestState
        {
            Prompt = promptTokens,
            Output = outputTokens,
            Arrival = nowMs,
            FirstScheduled = double.NaN,
            Replica = 0,
        };
        _idOf[slot] = id;
        _slotOf[id] = slot;
        _lastAdmitMs = nowMs;
        _engine.Route(slot);
        return id;
    }

    /// <summary>Starts a step at <paramref name="nowMs"/> when none is in flight and there is anything to run.</summary>
    /// <param name="nowMs">The time, in ms.</param>
    /// <returns>The step, or <see langword="null"/> when a step is already in flight or nothing can run yet.</returns>
    /// <exception cref="InvalidOperationException">The step-time model predicted a negative or non-finite step.</exception>
    public StepStart? TryStartStep(double nowMs)
    {
        if (_engine.InFlight || !_engine.TryStartStep(nowMs))
        {
            return null;
        }

        return new StepStart(nowMs, _engine.StepEnd, _engine.LastBatch);
    }

    /// <summary>Ends the step in flight: computed tokens advance, tokens are emitted, finished requests leave and free their blocks.</summary>
    /// <returns>What the step produced.</returns>
    /// <exception cref="InvalidOperationException">No step is in flight.</exception>
    public StepCompletion FinishStep()
    {
        if (!_engine.InFlight)
        {
            throw new InvalidOperationException("No step is in flight.");
        }

        var end = _engine.StepEnd;
        _emitted.Clear();
        _engine.FinishStep(_emitted);
        var emissions = new TokenEmission[_emitted.Count];
        for (var i = 0; i < emissions.Length; i++)
        {
            var slot = _emitted[i];
            ref var s = ref _slots[slot];
            var finished = s.Generated == s.Output;
            emissions[i] = new TokenEmission(_idOf[slot], s.Generated, finished, s.FirstScheduled, s.Preemptions);
            if (finished)
            {
                Release(slot);
            }
        }

        return new StepCompletion(end, emissions);
    }

    /// <summary>Takes a request out at once (a client went away): it leaves the queue or the batch and frees its KV blocks.</summary>
    /// <param name="requestId">The id <see cref="Admit"/> returned.</param>
    /// <returns>Whether the request was still in the engine.</returns>
    public bool Cancel(long requestId)
    {
        if (!_slotOf.TryGetValue(requestId, out var slot))
        {
            return false;
        }

        _engine.Cancel(slot);
        Release(slot);
        return true;
    }

    private void Release(int slot)
    {
        _slotOf.Remove(_idOf[slot]);
        _idOf[slot] = 0;
        _slots[slot] = default;
        _freeSlots.Push(slot);
    }

    private void Grow()
    {
        var old = _slots.Length;
        Array.Resize(ref _slots, old * 2);
        Array.Resize(ref _idOf, old * 2);
        for (var i = _slots.Length - 1; i >= old; i--)
        {
            _freeSlots.Push(i);
        }

        _engine.Rebind(_slots);
    }
}
