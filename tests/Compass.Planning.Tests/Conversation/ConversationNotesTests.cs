using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Conversation;
using Compass.Planning.Service;
using Microsoft.Extensions.Options;

namespace Compass.Planning.Tests.Conversation;

/// <summary>What the conversation assumed is said while it stands and only then; each option is shown once; a load it cannot read is asked again.</summary>
public sealed class ConversationNotesTests
{
    private static readonly ConversationEngine Engine = new(new PlanningService(
        new EmbeddedKnowledgeBase(), Options.Create(new CompassPlanningOptions { VerifyBySimulation = false })));

    private static async Task<ConversationReply> Say(ConversationState state, string message) => await Engine.RespondAsync(state, message);

    private static async Task<ConversationReply> Talk(params string[] messages)
    {
        var state = ConversationState.Empty;
        ConversationReply? reply = null;
        foreach (var message in messages)
        {
            reply = await Say(state, message);
            state = reply.State;
        }

        return reply!;
    }

    [Theory]
    [InlineData("customer service chatbot for 5000 users, low latency")]
    [InlineData("code completion for 300 developers, latency is not critical")]
    public async Task EachOption_AppearsOnce(string description)
    {
        var reply = await Talk(description);

        Assert.Equal(ReplyKind.Recommendation, reply.Kind);
        Assert.NotEmpty(reply.Plan!.Recommendations);
        foreach (var r in reply.Plan.Recommendations)
        {
            // The configuration ("1 replica(s) × 1 H100") and its monthly cost are printed once per option.
            var hardware = $"{r.Replicas} replica(s) × {r.TensorParallel} {r.Gpu}";
            var lines = reply.Message.Split('\n').Where(l => l.Contains(hardware, StringComparison.Ordinal) && l.Contains(r.ModelName, StringComparison.Ordinal)).ToArray();
            Assert.Single(lines);
            Assert.Equal(1, Count(reply.Message, $"{r.Rank}. {r.ModelName}"));
        }

        // Nor is the planner's whole explanation repeated under each line.
        Assert.All(reply.Plan.Recommendations, r => Assert.DoesNotContain(r.Explanation, reply.Message, StringComparison.Ordinal));
        Assert.Contains(reply.Plan.Recommendations[0].Highlights[0], reply.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AssumedUsers_AreSaid_ThenUpdatedByAFactor_ThenDroppedOnceStated()
    {
        var assumed = await Talk("a chatbot for our support team, latency is not critical", "I don't know");
        Assert.Contains($"I assumed {ConversationEngine.DefaultUsers:N0} users", assumed.Message, StringComparison.Ordinal);

        var doubled = await Say(assumed.State, "what if we double the users?");
        Assert.Equal(2 * ConversationEngine.DefaultUsers, doubled.Plan!.Intent.UserCount);
        Assert.DoesNotContain($"I assumed {ConversationEngine.DefaultUsers:N0} users;", doubled.Message, StringComparison.Ordinal);
        Assert.Contains($"{2 * ConversationEngine.DefaultUsers:N0} users", doubled.Message.Split('\n').Single(l => l.Contains("assumed", StringComparison.Ordinal)), StringComparison.Ordinal);

        var stated = await Say(doubled.State, "we have 3,500 users");
        Assert.Equal(3500, stated.Plan!.Intent.UserCount);
        Assert.DoesNotContain("assumed", stated.Message, StringComparison.Ordinal);

        var again = await Say(stated.State, "what if we double the users?");
        Assert.Equal(7000, again.Plan!.Intent.UserCount);
        Assert.DoesNotContain("assumed", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatedUsers_NeverSayTheyWereAssumed()
    {
        var reply = await Talk("a chatbot", "2000", "normal");
        Assert.Equal(ReplyKind.Recommendation, reply.Kind);
        Assert.DoesNotContain("assumed", reply.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("assum", string.Join(" ", reply.Changes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("banana users", "'banana users'")]
    [InlineData("lots and lots", "\"lots and lots\"")]
    [InlineData("0", "0 users")]
    [InlineData("-40", "-40 users")]
    [InlineData("0 users", "no users")]
    [InlineData("10^15 users", "more users than can be planned for")]
    public async Task AnAnswerWithoutAUsableNumber_IsAskedAgain_NotAssumed(string answer, string quoted)
    {
        var asked = await Talk("a support chatbot");
        Assert.Equal(ConversationTopics.Load, asked.State.Pending);

        var reply = await Say(asked.State, answer);

        Assert.Equal(ReplyKind.Question, reply.Kind);
        Assert.Equal(ConversationTopics.Load, reply.State.Pending);
        Assert.Null(reply.State.Intent?.UserCount);
        Assert.Contains(quoted, reply.Message, StringComparison.Ordinal);
        Assert.Contains("How many people will use it", reply.Message, StringComparison.Ordinal);

        // "I don't know" still leads on, to a plan that says what it assumed.
        var next = await Say(reply.State, "I don't know");
        Assert.NotEqual(ConversationTopics.Load, next.State.Pending);
    }

    [Theory]
    [InlineData("chatbot for -500 users", "negative number of users")]
    [InlineData("chatbot for 0 users", "no users")]
    public async Task AnImpossibleCountInADescription_IsAQuestion(string description, string expected)
    {
        var reply = await Talk(description);

        Assert.Equal(ReplyKind.Question, reply.Kind);
        Assert.Equal(ConversationTopics.Load, reply.State.Pending);
        Assert.Contains(expected, reply.Message, StringComparison.Ordinal);

        var answered = await Say(reply.State, "a support chatbot for 500 users, low latency");
        Assert.Equal(ReplyKind.Recommendation, answered.Kind);
        Assert.Equal(500, answered.Plan!.Intent.UserCount);
    }

    [Fact]
    public async Task AnImpossibleCountInARefinement_IsAQuestion_AndKeepsThePlan()
    {
        var planned = await Talk("customer service chatbot for 5000 users, low latency");
        var reply = await Say(planned.State, "what if we had 0 users?");

        Assert.Equal(ReplyKind.Question, reply.Kind);
        Assert.Equal(5000, reply.State.Intent!.UserCount);
        Assert.Same(planned.State.Plan, reply.State.Plan);
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
