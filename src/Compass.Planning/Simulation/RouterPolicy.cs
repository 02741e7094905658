namespace Compass.Planning.Simulation;

/// <summary>How the router in front of several replicas picks one for each arriving request.</summary>
public enum RouterPolicy
{
    /// <summary>Each request goes to the next replica in turn.</summary>
    RoundRobin,

    /// <summary>Each request goes to the replica with the fewest outstanding (routed, unfinished) requests; ties go to the lowest index.</summary>
    LeastLoaded,
}
