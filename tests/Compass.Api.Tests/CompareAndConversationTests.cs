using System.Text.Json.Nodes;

namespace Compass.Api.Tests;

[Collection(DefaultApi.Name)]
public sealed class CompareAndConversationTests(ApiFactory api)
{
    [Fact]
    public async Task Compare_TwoScenarios_ReturnsPlansAndDifferences()
    {
        var (response, body) = await api.PostAsync("/api/compare", """
            { "scenarios": [
                { "name": "small", "description": "customer service chatbot for 500 users", "top": 1 },
                { "name": "large", "description": "customer service chatbot for 50000 users", "top": 1 } ] }
            """);

        Assert.Equal(200, (int)response.StatusCode);
        var scenarios = body!["scenarios"]!.AsArray();
        Assert.Equal(["small", "large"], scenarios.Select(s => s!["name"]!.GetValue<string>()).ToArray());
        Assert.NotNull(scenarios[0]!["plan"]!["recommendations"]);
        var users = body["differences"]!.AsArray().Single(d => d!["field"]!.GetValue<string>() == "traffic.users");
        Assert.Equal(["500", "50000"], users!["values"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray());
    }

    [Theory]
    [InlineData("""{ "scenarios": [ { "name": "only", "description": "chatbot" } ] }""", "scenarios")]
    [InlineData("""{ "scenarios": [ { "name": "A", "description": "chatbot" }, { "name": "a", "description": "chatbot" } ] }""", "scenarios[1].name")]
    [InlineData("""{ "scenarios": [ { "name": "A", "description": "chatbot for 10 users" }, { "description": "chatbot for 10 users" } ] }""", "scenarios[1].name")]
    [InlineData("""{ "scenarios": [ { "name": "A", "description": "chatbot for 10 users" }, { "name": "B", "description": "chatbot for 10 users", "overrides": { "gpus": ["H10"] } } ] }""", "scenarios[1].overrides.gpus")]
    public async Task Compare_InvalidScenarios_Is400NamingTheField(string json, string field)
    {
        var (response, body) = await api.PostAsync("/api/compare", json);

        ApiFactory.AssertProblem(response, body, 400, field);
    }

    [Fact]
    public async Task Conversation_ServerSide_KeepsStateAcrossTurns()
    {
        var (started, first) = await api.PostAsync("/api/conversations", """{ "message": "We want a customer support chatbot" }""");
        Assert.Equal(201, (int)started.StatusCode);
        var id = first!["id"]!.GetValue<string>();
        Assert.Equal("question", first["reply"]!["kind"]!.GetValue<string>());

        var (_, second) = await api.PostAsync($"/api/conversations/{id}/messages", """{ "message": "about 2,000" }""");
        Assert.Equal("question", second!["reply"]!["kind"]!.GetValue<string>());

        var (_, third) = await api.PostAsync($"/api/conversations/{id}/messages", """{ "message": "low latency please" }""");
        Assert.Equal("recommendation", third!["reply"]!["kind"]!.GetValue<string>());
        Assert.Equal(2000, third["reply"]!["plan"]!["intent"]!["userCount"]!.GetValue<int>());
        Assert.All(third["reply"]!["plan"]!["recommendations"]!.AsArray(), r => Assert.NotNull(r!["singleVm"]!["providers"]));
        Assert.DoesNotContain("singleVm", third["state"]!.ToJsonString(), StringComparison.Ordinal);

        using var client = api.CreateClient();
        var state = JsonNode.Parse(await client.GetStringAsync($"/api/conversations/{id}"))!;
        Assert.Equal(id, state["id"]!.GetValue<string>());
        Assert.Equal(6, state["state"]!["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task Conversation_Stateless_ClientKeepsTheState()
    {
        var (_, first) = await api.PostAsync("/api/conversations", """{ "message": "We want a customer support chatbot", "state": {} }""");
        Assert.Null(first!["id"]);

        var body = new JsonObject { ["message"] = "about 2,000", ["state"] = first["state"]!.DeepClone() };
        var (response, second) = await api.PostAsync("/api/conversations", body.ToJsonString());

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(second!["id"]);
        Assert.Contains("users: 2,000", second["reply"]!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Conversation_UnknownId_Is404()
    {
        var (response, body) = await api.PostAsync("/api/conversations/nope/messages", """{ "message": "hello" }""");

        ApiFactory.AssertProblem(response, body, 404, "id");
    }

    [Fact]
    public async Task Conversation_EmptyMessage_Is400()
    {
        var (response, body) = await api.PostAsync("/api/conversations", """{ "message": " " }""");

        ApiFactory.AssertProblem(response, body, 400, "message");
    }

    [Fact]
    public async Task Conversation_BadState_Is400NamingTheStateField()
    {
        var (response, body) = await api.PostAsync("/api/conversations", """{ "message": "hi", "state": { "pending": 5 } }""");

        ApiFactory.AssertProblem(response, body, 400);
        Assert.StartsWith("state", body!["field"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
