using Compass.Core;

namespace Compass.Planning.Simulation;

/// <summary>
/// A synthetic workload to generate: an arrival process at a mean rate, prompt and output length distributions, and
/// when to stop (after <see cref="Requests"/> requests or after <see cref="DurationSeconds"/> of arrivals; give one).
/// </summary>
public sealed record WorkloadSpec
{
    /// <summary>Gets the mean arrival rate in requests per second.</summary>
    public required double RatePerSecond { get; init => field = Guard.PositiveFinite(value, nameof(RatePerSecond)); }

    /// <summary>Gets the arrival process (Poisson by default). Gamma keeps the mean rate and sets the burstiness by its CV.</summary>
    public ArrivalPattern Arrivals { get; init; } = ArrivalPattern.Poisson;

    /// <summary>Gets the prompt-length distribution.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution.</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>Gets the number of requests to generate, or <see langword="null"/> to stop by <see cref="DurationSeconds"/>.</summary>
    public int? Requests { get; init => field = Guard.Positive(value, nameof(Requests)); }

    /// <summary>Gets how long requests keep arriving, in seconds, or <see langword="null"/> to stop by <see cref="Requests"/>.</summary>
    public double? DurationSeconds { get; init => field = Guard.PositiveFinite(value, nameof(DurationSeconds)); }
}
