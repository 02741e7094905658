namespace Compass.Core;

/// <summary>
/// The load a deployment must serve: mean and peak request rates, the concurrency they imply, and what the requests
/// look like. Rates are in requests per second (QPS).
/// </summary>
public sealed record TrafficProfile
{
    /// <summary>Gets the number of users the rates were derived from, when they were.</summary>
    public int? UserCount { get; init => field = Guard.Positive(value, nameof(UserCount)); }

    /// <summary>Gets the users active at a typical busy time, when derived from users.</summary>
    public double? ActiveUsers { get; init => field = Guard.PositiveFinite(value, nameof(ActiveUsers)); }

    /// <summary>Gets the mean request rate over busy hours, in requests per second.</summary>
    public required double MeanQps { get; init => field = Guard.PositiveFinite(value, nameof(MeanQps)); }

    /// <summary>Gets the peak request rate the deployment must absorb, in requests per second.</summary>
    public required double PeakQps { get; init => field = Guard.PositiveFinite(value, nameof(PeakQps)); }

    /// <summary>Gets the expected requests in flight at peak: peak QPS × the E2E latency target (Little's law, an upper bound).</summary>
    public required double ExpectedConcurrency { get; init => field = Guard.NonNegativeFinite(value, nameof(ExpectedConcurrency)); }

    /// <summary>Gets the prompt-length distribution.</summary>
    public required TokenDistribution PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution.</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>Gets the arrival process.</summary>
    public required ArrivalPattern Arrival { get; init; }

    /// <summary>Gets how the rates were derived, in words, for the user to check.</summary>
    public string Derivation { get; init; } = string.Empty;

    /// <summary>Checks that the peak is not below the mean.</summary>
    /// <exception cref="ArgumentException">The peak is below the mean.</exception>
    public void Validate()
    {
        if (PeakQps < MeanQps)
        {
            throw new ArgumentException($"The peak rate ({PeakQps}) cannot be below the mean rate ({MeanQps}).");
        }
    }
}
