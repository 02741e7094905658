namespace Compass.Planning.Simulation;

/// <summary>
/// Whether the simulated deployment keeps up with its traffic. The rules are in <see cref="SimulationResult.VerdictReason"/>
/// and documented on <see cref="SimulationResult.Verdict"/>.
/// </summary>
public enum SaturationVerdict
{
    /// <summary>Requests are scheduled almost as soon as they arrive; the queue stays short.</summary>
    Stable,

    /// <summary>Requests queue for a noticeable time (bursts, admission limits), but the queue does not keep growing.</summary>
    Backlogged,

    /// <summary>The queue grows steadily through the run: the deployment serves fewer requests than arrive.</summary>
    Overloaded,
}
