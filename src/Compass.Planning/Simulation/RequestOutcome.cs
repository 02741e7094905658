namespace Compass.Planning.Simulation;

/// <summary>What happened to a simulated request.</summary>
public enum RequestOutcome
{
    /// <summary>It emitted all its output tokens.</summary>
    Completed,

    /// <summary>
    /// It was turned away on arrival: its prompt plus output could never fit the replica's whole KV cache, so it could
    /// never finish.
    /// </summary>
    Rejected,
}
