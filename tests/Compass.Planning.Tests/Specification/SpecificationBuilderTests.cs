using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Specification;

namespace Compass.Planning.Tests.Specification;

public sealed class SpecificationBuilderTests
{
    private static readonly UseCaseTemplate Chatbot = TestCatalog.Catalog.FindUseCase(UseCase.ChatbotConversational)!;

    [Theory]
    [InlineData(Priority.Low)]
    [InlineData(Priority.Medium)]
    [InlineData(Priority.High)]
    public void Build_LatencyPriority_PicksTargetsInsideTheRange(Priority latency)
    {
        var slo = TestCatalog.Request(UseCase.ChatbotConversational, users: 100, latency: latency).Specification.Slo;
        Assert.InRange(slo.TtftMs, Chatbot.Slo.TtftMs.Min, Chatbot.Slo.TtftMs.Max);
        Assert.InRange(slo.ItlMs, Chatbot.Slo.ItlMs.Min, Chatbot.Slo.ItlMs.Max);
        Assert.InRange(slo.E2eMs, Chatbot.Slo.E2eMs.Min, Chatbot.Slo.E2eMs.Max);
        Assert.Equal(95, slo.Percentile);
    }

    [Fact]
    public void Build_HighLatencyPriority_IsStricterThanMediumAndLow()
    {
        var high = TestCatalog.Request(UseCase.ChatbotConversational, users: 100, latency: Priority.High).Specification.Slo;
        var medium = TestCatalog.Request(UseCase.ChatbotConversational, users: 100).Specification.Slo;
        var low = TestCatalog.Request(UseCase.ChatbotConversational, users: 100, latency: Priority.Low).Specification.Slo;
        Assert.True(high.IsAtLeastAsStrictAs(medium) && medium.IsAtLeastAsStrictAs(low));
        Assert.True(high.TtftMs < low.TtftMs);
    }

    [Fact]
    public void Build_ExplicitTargets_ReplaceTemplateOnes()
    {
        var slo = TestCatalog.Request(UseCase.ChatbotConversational, users: 100, overrides: new PlanOverrides { TtftMs = 150, Percentile = 99 }).Specification.Slo;
        Assert.Equal(150, slo.TtftMs);
        Assert.Equal(99, slo.Percentile);
        Assert.Equal(Chatbot.Slo.ItlMs.Default, slo.ItlMs);
    }

    [Fact]
    public void Build_TtftAboveE2e_IsAContradiction()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            TestCatalog.Request(UseCase.ChatbotConversational, users: 100, overrides: new PlanOverrides { TtftMs = 5000, E2eMs = 2000 }));
        Assert.Contains("Contradictory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ProviderWithOwnedHardware_IsAContradiction()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestCatalog.Request(UseCase.ChatbotConversational, users: 100,
            overrides: new PlanOverrides { DeploymentModel = DeploymentModel.Owned, Provider = CloudProvider.Aws }));
        Assert.Contains("only applies to cloud", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownGpuInIntent_SuggestsTheClosest()
    {
        var intent = new DeploymentIntent { UseCase = UseCase.ChatbotConversational, UserCount = 10, PreferredGpuTypes = [new GpuType("H10")] };
        var ex = Assert.Throws<UnknownNameException>(() => SpecificationBuilder.Build(intent, TestCatalog.Catalog));
        Assert.Contains("H100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownUseCase_ListsTheKnownOnes()
    {
        var intent = new DeploymentIntent { UseCase = new UseCase("poetry_slam"), UserCount = 10 };
        var ex = Assert.Throws<UnknownNameException>(() => SpecificationBuilder.Build(intent, TestCatalog.Catalog));
        Assert.Contains("chatbot_conversational", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UsersOverride_ReplacesExtractedRate()
    {
        var intent = new DeploymentIntent { UseCase = UseCase.ChatbotConversational, ExpectedQps = 100 };
        var request = SpecificationBuilder.Build(intent, TestCatalog.Catalog, new PlanOverrides { Users = 600 });
        Assert.Null(request.Intent.ExpectedQps);
        Assert.Equal(600 * 0.2 * 0.4 / 60, request.Specification.Traffic.MeanQps, 9);
    }
}
