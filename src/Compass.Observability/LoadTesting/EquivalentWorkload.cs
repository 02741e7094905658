using System.Collections.Immutable;
using Compass.Planning.Simulation;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// The simulation workload that reproduces one load-test benchmark (see <see cref="BenchmarkWorkloads"/>): an open loop
/// (<see cref="Open"/>) or a closed loop (<see cref="Closed"/>), exactly one of them, with the warm-up to leave out and
/// notes on anything the simulation does not reproduce.
/// </summary>
public sealed record EquivalentWorkload
{
    /// <summary>Gets the open-loop workload (arrivals at a rate), or <see langword="null"/> for a closed loop.</summary>
    public WorkloadSpec? Open { get; init; }

    /// <summary>Gets the closed-loop workload (users waiting for their responses), or <see langword="null"/> for an open loop.</summary>
    public ClosedLoopSpec? Closed { get; init; }

    /// <summary>Gets the fraction of requests to leave out as warm-up (<see cref="SimulationOptions.WarmupFraction"/>).</summary>
    public double WarmupFraction { get; init; }

    /// <summary>Gets what the mapping could not reproduce exactly, one sentence each (empty when it is exact).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>Gets whether requests arrive at a rate or from users.</summary>
    public LoadMode Mode => Closed is null ? LoadMode.OpenLoop : LoadMode.ClosedLoop;

    /// <summary>Simulates the workload on a deployment, with this mapping's warm-up.</summary>
    /// <param name="seed">The random seed for lengths, arrivals and think times.</param>
    /// <param name="options">The deployment; its warm-up fraction is replaced by <see cref="WarmupFraction"/>.</param>
    /// <returns>What the simulation measured.</returns>
    /// <exception cref="ArgumentException">The workload or the profile is invalid for the simulator.</exception>
    public SimulationResult Simulate(int seed, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var withWarmup = options with { WarmupFraction = WarmupFraction };
        return Closed is { } closed ? ServingSimulator.Run(closed, seed, withWarmup) : ServingSimulator.Run(Open!, seed, withWarmup);
    }
}
