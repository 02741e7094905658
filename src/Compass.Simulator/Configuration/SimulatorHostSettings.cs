namespace Compass.Simulator;

/// <summary>
/// Where and how widely the simulator process listens: the settings of the host rather than of the simulated deployment
/// (<c>--host</c>, <c>--port</c>, <c>--max-connections</c>). An app that hosts the simulator itself configures its own server.
/// </summary>
public sealed record SimulatorHostSettings
{
    /// <summary>The address listened on unless told otherwise: the loopback interface, so that nothing else on the network reaches a simulator started by hand.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>The port listened on unless told otherwise.</summary>
    public const int DefaultPort = 8080;

    /// <summary>The most open connections unless told otherwise.</summary>
    public const int DefaultMaxConnections = 4096;

    /// <summary>Gets the address to listen on: an IP address (<c>127.0.0.1</c>, <c>0.0.0.0</c>, <c>::</c>) or <c>localhost</c>.</summary>
    public string Host { get; init; } = DefaultHost;

    /// <summary>Gets the TCP port (0: any free port, reported at start).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Gets the most connections open at once; further connections are closed as they arrive.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;
}
