namespace Compass.Core;

/// <summary>What a deployment costs under one payment model. Amounts in USD.</summary>
public sealed record CostEstimate
{
    /// <summary>Gets the payment model.</summary>
    public required DeploymentModel DeploymentModel { get; init; }

    /// <summary>Gets the provider the price came from (cloud only).</summary>
    public CloudProvider? Provider { get; init; }

    /// <summary>Gets the pricing tier (cloud only).</summary>
    public PricingTier? Tier { get; init; }

    /// <summary>Gets the price of one GPU-hour (cloud), or the hourly power-and-amortization cost per GPU (owned, purchase).</summary>
    public required double UsdPerGpuHour { get; init => field = Guard.NonNegativeFinite(value, nameof(UsdPerGpuHour)); }

    /// <summary>Gets the cost per hour of the whole deployment.</summary>
    public required double HourlyUsd { get; init => field = Guard.NonNegativeFinite(value, nameof(HourlyUsd)); }

    /// <summary>Gets the cost per month of the whole deployment.</summary>
    public required double MonthlyUsd { get; init => field = Guard.NonNegativeFinite(value, nameof(MonthlyUsd)); }

    /// <summary>Gets the cost per million output tokens at the mean planned load.</summary>
    public required double UsdPerMillionOutputTokens { get; init => field = Guard.NonNegativeFinite(value, nameof(UsdPerMillionOutputTokens)); }

    /// <summary>Gets the monthly electricity cost (owned, purchase).</summary>
    public double? PowerMonthlyUsd { get; init; }

    /// <summary>Gets the up-front hardware cost (purchase).</summary>
    public double? CapexUsd { get; init; }

    /// <summary>Gets the months the capital cost is spread over (purchase).</summary>
    public int? AmortizationMonths { get; init; }

    /// <summary>Gets the cloud cost per month of the same GPUs, for comparison (owned, purchase).</summary>
    public double? CloudMonthlyUsd { get; init; }

    /// <summary>Gets after how many months buying beats renting (purchase); <see langword="null"/> when it never does.</summary>
    public double? BreakEvenMonths { get; init; }

    /// <summary>Gets the assumptions behind the figures, in words.</summary>
    public required string Basis { get; init; }
}
