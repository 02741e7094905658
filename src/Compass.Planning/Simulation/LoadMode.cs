namespace Compass.Planning.Simulation;

/// <summary>How requests arrived in a simulation.</summary>
public enum LoadMode
{
    /// <summary>At times fixed in advance (a generated arrival process or a trace), whatever the server did.</summary>
    OpenLoop,

    /// <summary>From a fixed number of users, each sending its next request after the previous one finished.</summary>
    ClosedLoop,
}
