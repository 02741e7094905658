namespace Compass.Observability.LoadTesting;

/// <summary>How a load test issues requests (the profiles GuideLLM users know).</summary>
public enum LoadProfileKind
{
    /// <summary>One request at a time: the next starts when the previous ends (the latency floor).</summary>
    Synchronous,

    /// <summary>A fixed number of requests always in flight (closed loop).</summary>
    Concurrent,

    /// <summary>As many requests in flight as allowed (<see cref="LoadTestOptions.MaxConcurrency"/>): the throughput ceiling.</summary>
    Throughput,

    /// <summary>Requests arrive at a set rate whatever the server does (open loop), evenly spaced, Poisson or gamma-distributed.</summary>
    Rate,

    /// <summary>Synchronous, then throughput, then constant rates evenly spaced between the two measured rates.</summary>
    Sweep,
}
