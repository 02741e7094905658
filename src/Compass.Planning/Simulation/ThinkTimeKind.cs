namespace Compass.Planning.Simulation;

/// <summary>The shape of a closed-loop user's think time.</summary>
public enum ThinkTimeKind
{
    /// <summary>Always the same pause (0 for none).</summary>
    Fixed,

    /// <summary>Exponential pauses with the given mean (memoryless, as in a classic closed queueing network).</summary>
    Exponential,

    /// <summary>Pauses spread evenly between a minimum and a maximum.</summary>
    Uniform,

    /// <summary>Log-normal pauses with the given mean and standard deviation (right-skewed, as people's pauses are).</summary>
    LogNormal,
}
