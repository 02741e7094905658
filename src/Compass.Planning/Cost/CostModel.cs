using System.Globalization;
using Compass.Core;

namespace Compass.Planning.Cost;

/// <summary>
/// Prices a deployment of <c>gpus</c> GPUs:
/// <code>
/// cloud    : hourly = GPUs × price per GPU-hour (provider, tier); monthly = hourly × hours per month
/// owned    : power  = GPUs × TDP × average power fraction × PUE × $/kWh; monthly = power × hours
/// purchase : capex  = GPUs × price × (1 + overhead); monthly = capex ÷ amortization months + power
///            break-even months = capex ÷ (cloud monthly − power monthly)
/// $/1M output tokens = monthly ÷ (mean QPS × mean output tokens × 3,600 × hours) × 10^6
/// </code>
/// </summary>
internal static class CostModel
{
    /// <summary>Prices a deployment, or returns <see langword="null"/> with a reason when the GPU has no price for the payment model.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <param name="gpus">The total number of GPUs.</param>
    /// <param name="traffic">The traffic (its mean rate and output lengths give the cost per token).</param>
    /// <param name="constraints">The payment model, provider, tier and assumptions.</param>
    /// <param name="reason">Why there is no estimate, when there is none.</param>
    /// <returns>The estimate, or <see langword="null"/>.</returns>
    public static CostEstimate? Estimate(GpuSpec gpu, int gpus, TrafficProfile traffic, PlanningConstraints constraints, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gpus);
        var a = constraints.Costs;
        var tokensPerMonthMillions = traffic.MeanQps * traffic.OutputTokens.Mean * 3600 * a.HoursPerMonth / 1e6;
        reason = null;

        var cloudPrice = gpu.FindPrice(constraints.Provider, constraints.PricingTier);
        if (constraints.DeploymentModel == DeploymentModel.Cloud)
        {
            if (cloudPrice is null)
            {
                reason = constraints.Provider is { } provider
                    ? F($"no {Tier(constraints.PricingTier)} price for {gpu.Type} at {provider}")
                    : F($"no {Tier(constraints.PricingTier)} price for {gpu.Type}");
                return null;
            }

            var hourly = gpus * cloudPrice.UsdPerGpuHour;
            return new CostEstimate
            {
                DeploymentModel = DeploymentModel.Cloud,
                Provider = cloudPrice.Provider,
                Tier = cloudPrice.Tier,
                UsdPerGpuHour = cloudPrice.UsdPerGpuHour,
                HourlyUsd = hourly,
                MonthlyUsd = hourly * a.HoursPerMonth,
                UsdPerMillionOutputTokens = hourly * a.HoursPerMonth / tokensPerMonthMillions,
                Basis = F($"{gpus} × {gpu.Type} at ${cloudPrice.UsdPerGpuHour:0.00}/GPU-hour ({cloudPrice.Provider}, {Tier(cloudPrice.Tier)}; {cloudPrice.Source}), {a.HoursPerMonth:0} h/month"),
            };
        }

        var powerPerGpuHour = gpu.TdpWatts / 1000 * a.AveragePowerFraction * a.Pue * a.ElectricityUsdPerKwh;
        var powerMonthly = gpus * powerPerGpuHour * a.HoursPerMonth;
        var onDemand = gpu.FindPrice(constraints.Provider, PricingTier.OnDemand);
        var cloudMonthly = onDemand is null ? (double?)null : gpus * onDemand.UsdPerGpuHour * a.HoursPerMonth;
        var powerBasis = F($"{gpus} × {gpu.TdpWatts:0} W TDP × {a.AveragePowerFraction * 100:0.#}% average draw × PUE {a.Pue:0.##} × ${a.ElectricityUsdPerKwh:0.###}/kWh");

        if (constraints.DeploymentModel == DeploymentModel.Owned)
        {
            return new CostEstimate
            {
                DeploymentModel = DeploymentModel.Owned,
                UsdPerGpuHour = powerPerGpuHour,
                HourlyUsd = powerMonthly / a.HoursPerMonth,
                MonthlyUsd = powerMonthly,
                UsdPerMillionOutputTokens = powerMonthly / tokensPerMonthMillions,
                PowerMonthlyUsd = powerMonthly,
                CloudMonthlyUsd = cloudMonthly,
                Basis = "hardware already owned: power only, " + powerBasis + " (staff, space and depreciation not included)",
            };
        }

        if (gpu.PurchasePriceUsd is not { } price)
        {
            reason = F($"{gpu.Type} is not sold, so it has no purchase price");
            return null;
        }

        var capex = gpus * price * (1 + a.PurchaseOverheadFraction);
        var monthly = (capex / a.AmortizationMonths) + powerMonthly;
        double? breakEven = cloudMonthly is { } cloud && cloud > powerMonthly ? capex / (cloud - powerMonthly) : null;
        return new CostEstimate
        {
            DeploymentModel = DeploymentModel.Purchase,
            UsdPerGpuHour = monthly / gpus / a.HoursPerMonth,
            HourlyUsd = monthly / a.HoursPerMonth,
            MonthlyUsd = monthly,
            UsdPerMillionOutputTokens = monthly / tokensPerMonthMillions,
            PowerMonthlyUsd = powerMonthly,
            CapexUsd = capex,
            AmortizationMonths = a.AmortizationMonths,
            CloudMonthlyUsd = cloudMonthly,
            BreakEvenMonths = breakEven,
            Basis = F($"{gpus} × {gpu.Type} at ${price:N0} + {a.PurchaseOverheadFraction * 100:0.#}% for servers and networking, over {a.AmortizationMonths} months, plus power: ") + powerBasis,
        };
    }

    private static string Tier(PricingTier tier) => tier switch
    {
        PricingTier.OnDemand => "on-demand",
        PricingTier.Spot => "spot",
        _ => "reserved",
    };

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
