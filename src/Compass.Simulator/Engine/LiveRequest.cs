using System.Threading.Tasks.Sources;
using Compass.Planning.Simulation;

namespace Compass.Simulator.Engine;

/// <summary>
/// One request inside the live engine: its sizes, its timeline on the engine clock (ms), and the tokens the engine has
/// emitted that its stream has not yet taken. One writer (the engine) and one reader (the stream); the reader's wait is
/// a reusable value-task source, so a token costs no allocation on its way to the client.
/// </summary>
internal sealed class LiveRequest : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private LiveToken[] _pending = new LiveToken[4];
    private int _pendingCount;
    private bool _waiting;
    private bool _completed;

    public LiveRequest(long id, double arrivalMs, int promptTokens, int outputTokens, string finishReason)
    {
        Id = id;
        ArrivalMs = arrivalMs;
        PromptTokens = promptTokens;
        OutputTokens = outputTokens;
        FinishReason = finishReason;
    }

    public long Id { get; }

    public double ArrivalMs { get; }

    public int PromptTokens { get; }

    public int OutputTokens { get; }

    /// <summary>Gets <c>stop</c> or <c>length</c>: how the request ends when all its tokens are out.</summary>
    public string FinishReason { get; }

    public double FirstTokenMs { get; set; } = double.NaN;

    public double LastTokenMs { get; set; } = double.NaN;

    /// <summary>Gets whether the request finished or was cancelled (it left the engine).</summary>
    public bool Done { get; set; }

    /// <summary>Gets whether no more tokens will come and none are left to take.</summary>
    public bool IsDrained
    {
        get
        {
            lock (_gate)
            {
                return _completed && _pendingCount == 0;
            }
        }
    }

    /// <summary>Hands the stream a token (the engine calls this).</summary>
    public void Emit(TokenEmission emission, double scheduledMs)
    {
        bool wake;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (_pendingCount == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }

            _pending[_pendingCount++] = new LiveToken(emission, scheduledMs);
            _completed = emission.Finished;
            wake = _waiting;
            _waiting = false;
        }

        if (wake)
        {
            _waiter.SetResult(true);
        }
    }

    /// <summary>Ends the token stream early (the request was cancelled).</summary>
    public void Abort()
    {
        bool wake;
        lock (_gate)
        {
            _completed = true;
            wake = _waiting;
            _waiting = false;
        }

        if (wake)
        {
            _waiter.SetResult(true);
        }
    }

    /// <summary>Waits until a token is pending or the stream has ended. Only one wait at a time.</summary>
    /// <returns>Whether there may be tokens to take (false: the stream ended and is drained).</returns>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            if (_pendingCount > 0)
            {
                return ValueTask.FromResult(true);
            }

            if (_completed)
            {
                return ValueTask.FromResult(false);
            }

            _waiter.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _waiter.Version);
        }
    }

    /// <summary>Moves every pending token into <paramref name="into"/> (cleared first).</summary>
    /// <returns>The number of tokens taken.</returns>
    public int TakePending(List<LiveToken> into)
    {
        into.Clear();
        lock (_gate)
        {
            for (var i = 0; i < _pendingCount; i++)
            {
                into.Add(_pending[i]);
            }

            _pendingCount = 0;
        }

        return into.Count;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token) && !IsDrained;

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _waiter.OnCompleted(continuation, state, token, flags);
}
