namespace Compass.Observability.LoadTesting;

/// <summary>How the <see cref="LoadTester"/> registered by <c>AddCompassLoadTesting</c> connects.</summary>
public sealed class LoadTesterOptions
{
    /// <summary>Gets or sets how long opening a connection may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the most connections to one server (default 1024; at least the load test's concurrency).</summary>
    public int MaxConnectionsPerServer { get; set; } = 1024;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ConnectTimeout must be positive (got {ConnectTimeout}).");
        }

        if (MaxConnectionsPerServer < 1)
        {
            throw new ArgumentException($"MaxConnectionsPerServer must be at least 1 (got {MaxConnectionsPerServer}).");
        }
    }

    /// <summary>Creates an <see cref="HttpClient"/> with these settings and no overall timeout (load tests time requests out themselves).</summary>
    /// <returns>The client; the caller disposes it.</returns>
    public HttpClient CreateHttpClient()
    {
        Validate();
#pragma warning disable CA2000 // The client owns the handler (disposeHandler: true).
        var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, MaxConnectionsPerServer = MaxConnectionsPerServer, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
