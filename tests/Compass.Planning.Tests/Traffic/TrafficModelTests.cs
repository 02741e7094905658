using Compass.Core;
using Compass.Planning.Traffic;

namespace Compass.Planning.Tests.Traffic;

public sealed class TrafficModelTests
{
    private static WorkloadTemplate Chatbot => TestCatalog.Catalog.FindUseCase(UseCase.ChatbotConversational)!.Workload;

    [Fact]
    public void Derive_Users_AppliesActiveFractionRateAndPeak()
    {
        var traffic = TrafficModel.Derive(Chatbot, new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000 }, 10_000);

        // 5000 × 20% active × 0.4 req/min ÷ 60 = 6.667 req/s; × 2 peak; × 10 s = 133 in flight.
        Assert.Equal(5000 * 0.2 * 0.4 / 60, traffic.MeanQps, 9);
        Assert.Equal(traffic.MeanQps * 2, traffic.PeakQps, 9);
        Assert.Equal(traffic.PeakQps * 10, traffic.ExpectedConcurrency, 9);
        Assert.Equal(1000, traffic.ActiveUsers);
        Assert.Contains("5,000 users", traffic.Derivation, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_ConcurrentUsers_SkipsActiveFraction()
    {
        var traffic = TrafficModel.Derive(Chatbot, new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000, UsersAreConcurrent = true }, 10_000);
        Assert.Equal(5000 * 0.4 / 60, traffic.MeanQps, 9);
    }

    [Fact]
    public void Derive_ExplicitQps_WinsOverUsers()
    {
        var traffic = TrafficModel.Derive(Chatbot, new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 5000, ExpectedQps = 50 }, 10_000, peakMultiplier: 1.5);
        Assert.Equal(50, traffic.MeanQps);
        Assert.Equal(75, traffic.PeakQps);
    }

    [Fact]
    public void Derive_NoLoad_ThrowsWithHowToFix()
    {
        var ex = Assert.Throws<ArgumentException>(() => TrafficModel.Derive(Chatbot, new DeploymentIntent { UseCase = UseCase.ChatbotConversational }, 10_000));
        Assert.Contains("number of users", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_PeakMultiplierBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrafficModel.Derive(Chatbot, new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 10 }, 10_000, peakMultiplier: 0.5));
    }
}
