namespace Compass.Planning.Simulation;

/// <summary>How load was offered in a simulation run.</summary>
public sealed record SimulationLoad
{
    /// <summary>Gets an open loop whose arrival times were given (a trace); its rate is whatever the trace holds.</summary>
    public static SimulationLoad OpenLoop { get; } = new() { Mode = LoadMode.OpenLoop };

    /// <summary>Gets whether arrivals were fixed in advance or came from users waiting for their responses.</summary>
    public required LoadMode Mode { get; init; }

    /// <summary>Gets the mean arrival rate asked for, in requests per second (a generated open loop only).</summary>
    public double? OfferedRatePerSecond { get; init; }

    /// <summary>Gets the number of users (closed loop only).</summary>
    public int? Concurrency { get; init; }

    /// <summary>Gets each user's pause between requests (closed loop only).</summary>
    public ThinkTime? ThinkTime { get; init; }

    /// <summary>Gets the seconds over which the users started (closed loop only).</summary>
    public double? RampUpSeconds { get; init; }

    /// <summary>Describes an open loop generated at a mean rate.</summary>
    /// <param name="ratePerSecond">The mean rate asked for.</param>
    /// <returns>The load.</returns>
    public static SimulationLoad Open(double ratePerSecond) => new() { Mode = LoadMode.OpenLoop, OfferedRatePerSecond = ratePerSecond };

    /// <summary>Describes a closed loop.</summary>
    /// <param name="spec">The closed-loop workload.</param>
    /// <returns>The load.</returns>
    public static SimulationLoad Closed(ClosedLoopSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new() { Mode = LoadMode.ClosedLoop, Concurrency = spec.Concurrency, ThinkTime = spec.ThinkTime, RampUpSeconds = spec.RampUpSeconds };
    }
}
