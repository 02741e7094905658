using MathNet.Numerics.Random;

namespace Compass.Planning.Simulation;

/// <summary>
/// The users of a closed loop, as the event loop sees them: when the next one sends, what it sends, and when each sends
/// again after its response. Lengths and think times come from two private random sources seeded by the caller, so the
/// k-th request sent always has the same lengths whatever the deployment, and the run is deterministic.
/// </summary>
internal sealed class ClosedLoopUsers
{
    private readonly ClosedLoopSpec _spec;
    private readonly Random _lengths;
    private readonly Random _think;
    private readonly PriorityQueue<int, (double Ms, long Order)> _due = new();
    private readonly List<int> _userOf = [];
    private readonly double _limitMs;
    private readonly int _maxRequests;
    private long _order;

    public ClosedLoopUsers(ClosedLoopSpec spec, int seed)
    {
        _spec = spec;
        _lengths = new Xoshiro256StarStar(seed, threadSafe: false);

        // A second stream (the seed's bits mixed differently) keeps think times from shifting the lengths.
        _think = new Xoshiro256StarStar(unchecked((seed * -1640531535) ^ 0x5bd1e995), threadSafe: false);
        _limitMs = spec.DurationSeconds is { } seconds ? seconds * 1000 : double.PositiveInfinity;
        _maxRequests = spec.Requests ?? Workload.MaxRequests;
        var rampMs = spec.RampUpSeconds * 1000;
        for (var user = 0; user < spec.Concurrency; user++)
        {
            Due(user, rampMs * user / spec.Concurrency);
        }
    }

    /// <summary>Gets the requests sent so far.</summary>
    public int Sent => _userOf.Count;

    /// <summary>Gets the user of each request sent, in sending order.</summary>
    public IReadOnlyList<int> UserOf => _userOf;

    /// <summary>Gets when the next request goes out (infinity when no user will send again).</summary>
    public double NextMs => Sent < _maxRequests && _due.TryPeek(out _, out var due) ? due.Ms : double.PositiveInfinity;

    /// <summary>Sends the next request: the user whose turn it is, with freshly drawn lengths.</summary>
    /// <exception cref="ArgumentException">The run would exceed <see cref="Workload.MaxRequests"/>.</exception>
    public (int User, int PromptTokens, int OutputTokens) Send()
    {
        if (_userOf.Count == Workload.MaxRequests)
        {
            throw new ArgumentException(
                $"The closed loop would send more than {Workload.MaxRequests:N0} requests. Shorten the duration or give a request count.");
        }

        var user = _due.Dequeue();
        _userOf.Add(user);
        var prompt = TokenSampler.Sample(_spec.PromptTokens, _lengths);
        var output = TokenSampler.Sample(_spec.OutputTokens, _lengths);
        return (user, prompt, output);
    }

    /// <summary>A user got its response (or a rejection) at <paramref name="doneMs"/>; it sends again after its think time.</summary>
    public void Done(int user, double doneMs) => Due(user, doneMs + _spec.ThinkTime.SampleMs(_think));

    private void Due(int user, double ms)
    {
        if (ms < _limitMs)
        {
            _due.Enqueue(user, (ms, _order++));
        }
    }
}
