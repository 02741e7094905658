using System.Collections.Concurrent;
using Compass.Core;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Planning.Tests.DependencyInjection;

public sealed class PerformanceModelRegistrationTests
{
    private static readonly DeploymentIntent Intent = new() { UseCase = UseCase.ChatbotConversational, UserCount = 500 };

    [Fact]
    public async Task RegisteredAfterPlanningTheCustomModelSizesEveryOption()
    {
        var services = new ServiceCollection();
        services.AddCompassPlanning(o => o.VerifyBySimulation = false).AddCompassPerformanceModel<RecordingModel>();
        await AssertCustomModelUsed(services);
    }

    [Fact]
    public async Task RegisteredBeforePlanningTheCustomModelStillWins()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPerformanceModel, RecordingModel>();
        services.AddCompassPlanning(o => o.VerifyBySimulation = false);
        await AssertCustomModelUsed(services);
    }

    [Fact]
    public async Task WithoutARegistrationTheBuiltInModelIsUsed()
    {
        await using var provider = new ServiceCollection().AddCompassPlanning(o => o.VerifyBySimulation = false).BuildServiceProvider();
        var plan = (await provider.GetRequiredService<PlanningService>().PlanAsync(Intent)).Plan;
        Assert.NotEmpty(plan.Recommendations);
        Assert.DoesNotContain(plan.Recommendations, r => r.Predicted.Basis == RecordingModel.Basis);
    }

    private static async Task AssertCustomModelUsed(ServiceCollection services)
    {
        await using var provider = services.BuildServiceProvider();
        var model = (RecordingModel)provider.GetRequiredService<IPerformanceModel>();
        var plan = (await provider.GetRequiredService<PlanningService>().PlanAsync(Intent)).Plan;
        Assert.NotEmpty(plan.Recommendations);
        Assert.All(plan.Recommendations, r => Assert.Equal(RecordingModel.Basis, r.Predicted.Basis));
        Assert.NotEmpty(model.Queries);
    }

    // Answers every query with a fast, flat prediction so that any configuration that fits in memory is feasible.
    private sealed class RecordingModel : IPerformanceModel
    {
        public const string Basis = "recording test model";

        public ConcurrentBag<PerformanceQuery> Queries { get; } = [];

        public PerformanceEstimate Predict(PerformanceQuery query)
        {
            Queries.Add(query);
            return PerformanceEstimate.Available(new PerformancePrediction
            {
                TtftMs = 1,
                ItlMs = 1,
                E2eMs = 2,
                Percentile = query.Percentile,
                RequestRate = query.RequestRate,
                OutputTokensPerSecond = query.RequestRate * query.OutputTokens.Mean,
                Source = PredictionSource.Estimated,
                Basis = Basis,
            });
        }
    }
}
