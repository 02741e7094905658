using Compass.Core;
using Compass.Planning.Cost;

namespace Compass.Planning.Tests.Cost;

public sealed class CostModelTests
{
    private static readonly TrafficProfile Traffic = TestCatalog.Request(UseCase.ChatbotConversational, qps: 2).Specification.Traffic;

    [Fact]
    public void Estimate_Cloud_IsGpusTimesPriceTimesHours()
    {
        var gpu = TestCatalog.Gpu("H100");
        var cost = CostModel.Estimate(gpu, 4, Traffic, new PlanningConstraints { Provider = CloudProvider.Aws }, out _)!;
        Assert.Equal(4 * 4.90, cost.HourlyUsd, 9);
        Assert.Equal(4 * 4.90 * 730, cost.MonthlyUsd, 6);
        Assert.Equal(CloudProvider.Aws, cost.Provider);

        // $/1M output tokens at the mean load: 2 req/s × 256 tokens × 3600 × 730.
        Assert.Equal(cost.MonthlyUsd / (2 * 256 * 3600 * 730 / 1e6), cost.UsdPerMillionOutputTokens, 6);
    }

    [Fact]
    public void Estimate_CheapestProviderWhenNoneGiven()
    {
        var gpu = TestCatalog.Gpu("H100");
        var cost = CostModel.Estimate(gpu, 1, Traffic, new PlanningConstraints(), out _)!;
        Assert.Equal(gpu.RentalPrices.Where(p => p.Tier == PricingTier.OnDemand).Min(p => p.UsdPerGpuHour), cost.UsdPerGpuHour);
    }

    [Fact]
    public void Estimate_SpotIsCheaperThanReservedIsCheaperThanOnDemand()
    {
        var gpu = TestCatalog.Gpu("A100-80");
        double Monthly(PricingTier tier) => CostModel.Estimate(gpu, 2, Traffic, new PlanningConstraints { Provider = CloudProvider.Gcp, PricingTier = tier }, out _)!.MonthlyUsd;
        Assert.True(Monthly(PricingTier.Spot) < Monthly(PricingTier.Reserved));
        Assert.True(Monthly(PricingTier.Reserved) < Monthly(PricingTier.OnDemand));
    }

    [Fact]
    public void Estimate_Owned_IsPowerOnly()
    {
        var gpu = TestCatalog.Gpu("H100");
        var cost = CostModel.Estimate(gpu, 8, Traffic, new PlanningConstraints { DeploymentModel = DeploymentModel.Owned }, out _)!;

        // 8 × 0.7 kW × 70% × PUE 1.4 × $0.12 × 730 h.
        Assert.Equal(8 * 0.7 * 0.7 * 1.4 * 0.12 * 730, cost.MonthlyUsd, 6);
        Assert.Equal(cost.MonthlyUsd, cost.PowerMonthlyUsd);
        Assert.NotNull(cost.CloudMonthlyUsd);
    }

    [Fact]
    public void Estimate_Purchase_AmortizesAndFindsBreakEven()
    {
        var gpu = TestCatalog.Gpu("H100");
        var c = new PlanningConstraints { DeploymentModel = DeploymentModel.Purchase, Provider = CloudProvider.Aws };
        var cost = CostModel.Estimate(gpu, 8, Traffic, c, out _)!;
        var capex = 8 * 30_000 * 1.3;
        Assert.Equal(capex, cost.CapexUsd);
        Assert.Equal((capex / 36) + cost.PowerMonthlyUsd!.Value, cost.MonthlyUsd, 6);
        Assert.Equal(capex / (8 * 4.90 * 730 - cost.PowerMonthlyUsd.Value), cost.BreakEvenMonths!.Value, 6);
    }

    [Fact]
    public void Estimate_NoPrice_SaysWhy()
    {
        var gpu = TestCatalog.Gpu("MI300X");
        Assert.Null(CostModel.Estimate(gpu, 1, Traffic, new PlanningConstraints { Provider = CloudProvider.Aws }, out var reason));
        Assert.Contains("no on-demand price for MI300X at aws", reason, StringComparison.Ordinal);
        Assert.Null(CostModel.Estimate(TestCatalog.Gpu("A10G"), 1, Traffic, new PlanningConstraints { DeploymentModel = DeploymentModel.Purchase }, out reason));
        Assert.Contains("not sold", reason, StringComparison.Ordinal);
    }
}
