using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Conversation;
using Compass.Planning.Service;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Tests.Conversation;

public sealed class ConversationEngineTests
{
    private static readonly ConversationEngine Engine = new(new PlanningService(
        new EmbeddedKnowledgeBase(), Options.Create(new CompassPlanningOptions { VerifyBySimulation = false })));

    private static async Task<ConversationReply> Say(ConversationState state, string message) => await Engine.RespondAsync(state, message);

    [Fact]
    public async Task MissingLoad_IsAskedFirst_ThenLatency_ThenItRecommends()
    {
        var first = await Say(ConversationState.Empty, "We want a customer support chatbot");
        Assert.Equal(ReplyKind.Question, first.Kind);
        Assert.Equal(ConversationTopics.Load, first.State.Pending);

        var second = await Say(first.State, "about 2,000");
        Assert.Equal(ReplyKind.Question, second.Kind);
        Assert.Equal(ConversationTopics.Latency, second.State.Pending);
        Assert.Contains("users: 2,000", second.Changes);

        var third = await Say(second.State, "low latency please");
        Assert.Equal(ReplyKind.Recommendation, third.Kind);
        Assert.Equal(2000, third.Plan!.Intent.UserCount);
        Assert.Equal(Priority.High, third.Plan.Intent.LatencyPriority);
        Assert.NotEmpty(third.Plan.Recommendations);
        Assert.Contains("latency priority: high", third.Changes);
        Assert.Equal(6, third.State.History.Length);
    }

    [Fact]
    public async Task CompleteDescription_RecommendsAtOnce()
    {
        var reply = await Say(ConversationState.Empty, "customer service chatbot for 5000 users, low latency");
        Assert.Equal(ReplyKind.Recommendation, reply.Kind);
        Assert.Contains("1. ", reply.Message, StringComparison.Ordinal);
        Assert.All(reply.Plan!.Recommendations, r => Assert.True(r.MeetsSlo));
    }

    [Fact]
    public async Task DontKnow_ProceedsWithADefault_AndMoreOptions()
    {
        var asked = await Say(ConversationState.Empty, "a chatbot for our support team, latency is not critical");
        Assert.Equal(ConversationTopics.Load, asked.State.Pending);
        var reply = await Say(asked.State, "I don't know");
        Assert.Equal(ReplyKind.Recommendation, reply.Kind);
        Assert.Equal(ConversationEngine.DefaultUsers, reply.Plan!.Intent.UserCount);
        Assert.Contains("assumed 1,000 users", reply.Message, StringComparison.Ordinal);
        Assert.Equal(ConversationEngine.BroaderTop, reply.Plan.Constraints.Top);
        Assert.True(reply.Plan.Recommendations.Length > 3);
    }

    [Fact]
    public async Task MakeItCheaper_LowersTheCostOfTheBestOption()
    {
        var plan = await Say(ConversationState.Empty, "code completion for 500 developers, low latency, accuracy matters");
        var before = plan.Plan!.Recommendations[0].MonthlyCostUsd;
        var cheaper = await Say(plan.State, "that's too expensive, make it cheaper");
        Assert.Equal(ReplyKind.Recommendation, cheaper.Kind);
        Assert.Contains(cheaper.Changes, c => c.StartsWith("cost priority", StringComparison.Ordinal));
        Assert.NotEmpty(cheaper.Plan!.Recommendations);
        Assert.True(cheaper.Plan.Recommendations[0].MonthlyCostUsd < before, $"{cheaper.Plan.Recommendations[0].MonthlyCostUsd} >= {before}");
    }

    [Fact]
    public async Task GpuRestriction_IsHonoured()
    {
        var plan = await Say(ConversationState.Empty, "summarize short articles for 300 users, latency is not critical");
        var restricted = await Say(plan.State, "we only have L40S GPUs");
        Assert.Contains(restricted.Changes, c => c.StartsWith("GPUs:", StringComparison.Ordinal));
        Assert.NotEmpty(restricted.Plan!.Recommendations);
        Assert.All(restricted.Plan.Recommendations, r => Assert.Equal(GpuType.L40S, r.Gpu));
    }

    [Fact]
    public async Task DoubleTheUsers_DoublesTheLoad_AndSaysSo()
    {
        var plan = await Say(ConversationState.Empty, "RAG over our wiki for 1000 employees, low latency");
        var doubled = await Say(plan.State, "what if we double the users?");
        Assert.Equal(2000, doubled.Plan!.Intent.UserCount);
        Assert.Contains("users: 1,000 → 2,000", doubled.Changes);
        Assert.Contains("Changed: users: 1,000 → 2,000", doubled.Message, StringComparison.Ordinal);
        Assert.True(doubled.Plan.Traffic.PeakQps > plan.Plan!.Traffic.PeakQps);
    }

    [Fact]
    public async Task SloEdit_ChangesTheTarget_AndEveryOptionMeetsIt()
    {
        var plan = await Say(ConversationState.Empty, "customer service chatbot for 800 users, low latency");
        var edited = await Say(plan.State, "TTFT under 120 ms");
        Assert.Equal(120, edited.Plan!.Slo.TtftMs);
        Assert.All(edited.Plan.Recommendations, r => Assert.True(r.Predicted.TtftMs <= 120));
        Assert.Contains(edited.Changes, c => c.StartsWith("TTFT target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompareTheTopTwo_PutsThemSideBySide()
    {
        var plan = await Say(ConversationState.Empty, "customer service chatbot for 5000 users, low latency");
        var compared = await Say(plan.State, "compare the top two");
        Assert.Equal(ReplyKind.Comparison, compared.Kind);
        Assert.Contains("#1 vs #2", compared.Message, StringComparison.Ordinal);
        Assert.Contains("/month less", compared.Message, StringComparison.Ordinal);
        Assert.Same(plan.Plan, compared.Plan);
    }

    [Fact]
    public async Task LargeDeployment_AsksAboutConstraints_AndNoneProceeds()
    {
        var asked = await Say(ConversationState.Empty, "customer service chatbot for 50,000 users, low latency");
        Assert.Equal(ConversationTopics.Constraints, asked.State.Pending);
        var reply = await Say(asked.State, "no constraints");
        Assert.Equal(ReplyKind.Recommendation, reply.Kind);
    }

    [Fact]
    public async Task BudgetAnswer_ToTheConstraintsQuestion_IsApplied()
    {
        var asked = await Say(ConversationState.Empty, "customer service chatbot for 50,000 users, low latency");
        var reply = await Say(asked.State, "our budget is $40,000 per month");
        Assert.Equal(40_000, reply.Plan!.Intent.MaxMonthlyCostUsd);
        Assert.All(reply.Plan.Recommendations, r => Assert.True(r.MonthlyCostUsd <= 40_000));
    }

    [Fact]
    public async Task UnrecognisedFollowUp_SaysWhatCanBeSaid()
    {
        var plan = await Say(ConversationState.Empty, "customer service chatbot for 5000 users, low latency");
        var reply = await Say(plan.State, "hmm, interesting");
        Assert.Equal(ReplyKind.Clarification, reply.Kind);
        Assert.Contains("make it cheaper", reply.Message, StringComparison.Ordinal);
        Assert.Same(plan.Plan, reply.Plan);
    }

    [Fact]
    public async Task EmptyMessage_IsAnError()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.RespondAsync(ConversationState.Empty, "  "));
    }
}
