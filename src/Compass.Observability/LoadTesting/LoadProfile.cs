using System.Globalization;
using Compass.Core;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// How a load test drives the endpoint. Build one with <see cref="Synchronous"/>, <see cref="Concurrent"/>,
/// <see cref="Throughput"/>, <see cref="Constant"/>, <see cref="Poisson"/>, <see cref="AtRate"/> or <see cref="Sweep"/>.
/// Rates are in requests per second.
/// </summary>
public sealed record LoadProfile
{
    private LoadProfile(LoadProfileKind kind) => Kind = kind;

    /// <summary>Gets the kind of profile.</summary>
    public LoadProfileKind Kind { get; }

    /// <summary>Gets the arrival rate in requests per second (<see cref="LoadProfileKind.Rate"/> only).</summary>
    public double? Rate { get; private init; }

    /// <summary>Gets the requests kept in flight (<see cref="LoadProfileKind.Concurrent"/> only).</summary>
    public int? Concurrency { get; private init; }

    /// <summary>Gets how arrivals are spaced (<see cref="LoadProfileKind.Rate"/>; <see cref="LoadProfileKind.Sweep"/> uses it for its rate steps).</summary>
    public ArrivalPattern? Arrival { get; private init; }

    /// <summary>Gets the number of rate steps between synchronous and throughput (<see cref="LoadProfileKind.Sweep"/> only).</summary>
    public int? SweepSteps { get; private init; }

    /// <summary>One request at a time.</summary>
    /// <returns>The profile.</returns>
    public static LoadProfile Synchronous() => new(LoadProfileKind.Synchronous);

    /// <summary>A fixed number of requests in flight.</summary>
    /// <param name="concurrency">Requests in flight, at least 1.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="concurrency"/> is not positive.</exception>
    public static LoadProfile Concurrent(int concurrency) => new(LoadProfileKind.Concurrent) { Concurrency = Guard.Positive(concurrency) };

    /// <summary>As many requests in flight as <see cref="LoadTestOptions.MaxConcurrency"/> allows.</summary>
    /// <returns>The profile.</returns>
    public static LoadProfile Throughput() => new(LoadProfileKind.Throughput);

    /// <summary>Evenly spaced arrivals at <paramref name="rate"/> requests per second.</summary>
    /// <param name="rate">Requests per second, greater than zero.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not positive.</exception>
    public static LoadProfile Constant(double rate) => AtRate(rate, ArrivalPattern.Constant);

    /// <summary>Poisson arrivals (exponential gaps) at a mean of <paramref name="rate"/> requests per second.</summary>
    /// <param name="rate">Requests per second, greater than zero.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not positive.</exception>
    public static LoadProfile Poisson(double rate) => AtRate(rate, ArrivalPattern.Poisson);

    /// <summary>Arrivals at a mean of <paramref name="rate"/> requests per second with the gaps of <paramref name="arrival"/>.</summary>
    /// <param name="rate">Requests per second, greater than zero.</param>
    /// <param name="arrival">The arrival process (constant, Poisson or gamma).</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="arrival"/> is null.</exception>
    public static LoadProfile AtRate(double rate, ArrivalPattern arrival)
    {
        ArgumentNullException.ThrowIfNull(arrival);
        return new(LoadProfileKind.Rate) { Rate = Guard.PositiveFinite(rate), Arrival = arrival };
    }

    /// <summary>Synchronous, throughput, then <paramref name="steps"/> rates evenly spaced between the two.</summary>
    /// <param name="steps">Rate steps between the two ends, 1 to 100 (GuideLLM's default sweep has 8).</param>
    /// <param name="arrival">How the rate steps space arrivals (default constant).</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1–100.</exception>
    public static LoadProfile Sweep(int steps = 8, ArrivalPattern? arrival = null)
        => steps is >= 1 and <= 100
            ? new(LoadProfileKind.Sweep) { SweepSteps = steps, Arrival = arrival ?? ArrivalPattern.Constant }
            : throw new ArgumentOutOfRangeException(nameof(steps), steps, "A sweep needs 1 to 100 rate steps.");

    /// <summary>Gets GuideLLM's name for the strategy: synchronous, concurrent, throughput, constant, poisson, gamma or sweep.</summary>
    public string StrategyType => Kind switch
    {
        LoadProfileKind.Rate => Arrival!.Kind switch
        {
            ArrivalKind.Constant => "constant",
            ArrivalKind.Poisson => "poisson",
            _ => "gamma",
        },
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        LoadProfileKind.Concurrent => string.Create(CultureInfo.InvariantCulture, $"concurrent@{Concurrency}"),
        LoadProfileKind.Rate => string.Create(CultureInfo.InvariantCulture, $"{Arrival}@{Rate:0.###} req/s"),
        LoadProfileKind.Sweep => string.Create(CultureInfo.InvariantCulture, $"sweep ({SweepSteps} rates)"),
        _ => StrategyType,
    };
}
