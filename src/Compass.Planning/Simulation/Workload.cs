using System.Collections.Immutable;

namespace Compass.Planning.Simulation;

/// <summary>
/// The requests a simulation replays, in arrival order. Build one with <see cref="Generate"/> (seeded synthetic
/// traffic) or <see cref="FromTrace"/> (explicit arrival times and lengths, e.g. a recorded trace).
/// </summary>
public sealed record Workload
{
    /// <summary>The most requests a generated workload may hold (a guard against a rate × duration typo exhausting memory).</summary>
    public const int MaxRequests = 20_000_000;

    private Workload(ImmutableArray<WorkloadRequest> requests) => Requests = requests;

    /// <summary>Gets the requests, sorted by arrival time (ties keep their given order).</summary>
    public ImmutableArray<WorkloadRequest> Requests { get; }

    /// <summary>Gets the number of requests.</summary>
    public int Count => Requests.Length;

    /// <summary>Gets the arrival time of the last request in milliseconds (0 when empty).</summary>
    public double LastArrivalMs => Requests.IsEmpty ? 0 : Requests[^1].ArrivalMs;

    /// <summary>Generates a synthetic workload. The same spec and seed always give the same requests.</summary>
    /// <param name="spec">What to generate.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="ArgumentException">The spec gives both or neither of a request count and a duration.</exception>
    public static Workload Generate(WorkloadSpec spec, int seed) => new(WorkloadGenerator.Generate(spec, seed));

    /// <summary>Replays explicit requests (trace replay), optionally keeping only the first ones.</summary>
    /// <param name="requests">The requests, in any order; each with a finite arrival time ≥ 0 and positive lengths.</param>
    /// <param name="maxRequests">Keep at most this many (the earliest), or <see langword="null"/> for all.</param>
    /// <param name="durationSeconds">Keep only requests arriving before this time, or <see langword="null"/> for all.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="ArgumentException">A request has a negative or non-finite arrival time or a non-positive length.</exception>
    public static Workload FromTrace(IEnumerable<WorkloadRequest> requests, int? maxRequests = null, double? durationSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        Guard.Positive(maxRequests);
        Guard.PositiveFinite(durationSeconds);
        var list = new List<WorkloadRequest>();
        foreach (var r in requests)
        {
            if (!double.IsFinite(r.ArrivalMs) || r.ArrivalMs < 0)
            {
                throw new ArgumentException($"Request {list.Count} arrives at {r.ArrivalMs} ms; arrival times must be finite and not negative.", nameof(requests));
            }

            if (r.PromptTokens <= 0 || r.OutputTokens <= 0)
            {
                throw new ArgumentException($"Request {list.Count} has {r.PromptTokens} prompt and {r.OutputTokens} output tokens; both must be at least 1.", nameof(requests));
            }

            list.Add(r);
        }

        // A stable sort keeps the trace's order among simultaneous arrivals.
        var sorted = list.Select((r, i) => (r, i)).OrderBy(x => x.r.ArrivalMs).ThenBy(x => x.i).Select(x => x.r);
        if (durationSeconds is { } seconds)
        {
            var limitMs = seconds * 1000;
            sorted = sorted.TakeWhile(r => r.ArrivalMs < limitMs);
        }

        if (maxRequests is { } max)
        {
            sorted = sorted.Take(max);
        }

        return new([.. sorted]);
    }

    /// <summary>The requests a closed loop sent, already in sending (time) order.</summary>
    internal static Workload FromSent(ImmutableArray<WorkloadRequest> requests) => new(requests);

    /// <inheritdoc />
    public bool Equals(Workload? other) => other is not null && Requests.AsSpan().SequenceEqual(other.Requests.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, LastArrivalMs);
}
