namespace Compass.Observability.LoadTesting;

/// <summary>A snapshot of a running load test, reported after each request ends.</summary>
/// <param name="Benchmark">The benchmark running, from 1.</param>
/// <param name="Benchmarks">The benchmarks planned (a sweep's count is known once it starts its rate steps; until then the planned total).</param>
/// <param name="Strategy">The benchmark's strategy, e.g. <c>poisson@4 req/s</c>.</param>
/// <param name="ElapsedSeconds">Seconds since the benchmark started.</param>
/// <param name="Successful">Requests that completed.</param>
/// <param name="Errored">Requests that failed.</param>
/// <param name="Incomplete">Requests cut short.</param>
/// <param name="InFlight">Requests in flight.</param>
/// <param name="RequestsPerSecond">Completed requests per second so far.</param>
/// <param name="OutputTokensPerSecond">Output tokens per second so far.</param>
public sealed record LoadProgress(
    int Benchmark,
    int Benchmarks,
    string Strategy,
    double ElapsedSeconds,
    int Successful,
    int Errored,
    int Incomplete,
    int InFlight,
    double RequestsPerSecond,
    double OutputTokensPerSecond);
