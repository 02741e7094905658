using System.Text.Json.Nodes;
using Compass.Core.Knowledge;
using Compass.Planning.Service;
using Microsoft.Extensions.Options;

namespace Compass.Api.Tests;

[Collection(DefaultApi.Name)]
public sealed class PlanEndpointTests(ApiFactory api)
{
    [Fact]
    public async Task Plan_Description_ReturnsTheCliJsonShape()
    {
        var (response, body) = await api.PostAsync("/api/plan", """{ "description": "customer service chatbot for 500 users", "top": 2 }""");

        Assert.Equal(200, (int)response.StatusCode);
        var planning = new PlanningService(new EmbeddedKnowledgeBase(), Options.Create(new CompassPlanningOptions()));
        var outcome = await planning.PlanAsync("customer service chatbot for 500 users", new Compass.Planning.Specification.PlanOverrides { Top = 2 });
        var expected = PlanOutcomeJson.ToJsonObject(outcome);
        Compass.Kserve.Vm.SingleVmJson.AddTo(expected, new Compass.Kserve.Vm.SingleVmPricer(EmbeddedKnowledgeBase.Catalog).Price(outcome.Plan));
        Assert.True(JsonNode.DeepEquals(expected, body), "the API's plan JSON differs from compass plan --json's");
        Assert.All(body!["recommendations"]!.AsArray(), r => Assert.Equal(3, r!["singleVm"]!["providers"]!.AsArray().Count));
        Assert.Equal(2, body!["recommendations"]!.AsArray().Count);
        Assert.NotNull(body["extraction"]!["extractor"]);
    }

    [Fact]
    public async Task Plan_OverridesOnly_Plans()
    {
        var (response, body) = await api.PostAsync("/api/plan", """{ "overrides": { "useCase": "code_completion", "users": 200, "gpus": ["H100"], "latency": "high" }, "top": 1 }""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("H100", body!["recommendations"]![0]!["gpu"]!.GetValue<string>());
        Assert.Null(body["extraction"]);
    }

    [Theory]
    [InlineData("""{ "description": "chatbot", "overrides": { "gpus": ["H10"] } }""", "overrides.gpus", "H100")]
    [InlineData("""{ "description": "chatbot", "overrides": { "models": ["lama-3.1-8b"] } }""", "overrides.models", null)]
    public async Task Plan_UnknownName_Is400WithFieldAndSuggestions(string json, string field, string? suggestion)
    {
        var (response, body) = await api.PostAsync("/api/plan", json);

        ApiFactory.AssertProblem(response, body, 400, field);
        var suggestions = body!["suggestions"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.NotEmpty(suggestions);
        if (suggestion is not null)
        {
            Assert.Contains(suggestion, suggestions);
        }
    }

    [Theory]
    [InlineData("""{ "description": "chatbot", "overrides": { "users": 0 } }""", "overrides.users")]
    [InlineData("""{ "description": "chatbot", "overrides": { "latency": "extreme" } }""", "overrides.latency")]
    [InlineData("""{ "description": "chatbot", "overrides": { "quantizations": ["int3"] } }""", "overrides.quantizations")]
    [InlineData("""{ "description": "chatbot", "top": 0 }""", "top")]
    [InlineData("""{ "description": "   " }""", "description")]
    [InlineData("""{ }""", "description")]
    public async Task Plan_InvalidValue_Is400NamingTheField(string json, string field)
    {
        var (response, body) = await api.PostAsync("/api/plan", json);

        ApiFactory.AssertProblem(response, body, 400, field);
    }

    [Fact]
    public async Task Plan_BadJson_Is400NamingTheLineAndField()
    {
        var (response, body) = await api.PostAsync("/api/plan", "{\n  \"description\": \"chatbot\",\n  \"top\": \"five\"\n}");

        ApiFactory.AssertProblem(response, body, 400, "top");
        Assert.Equal(3, body!["line"]!.GetValue<int>());
    }

    [Fact]
    public async Task Plan_TruncatedJson_Is400()
    {
        var (response, body) = await api.PostAsync("/api/plan", "{ \"description\": ");

        ApiFactory.AssertProblem(response, body, 400);
        Assert.Contains("JSON", body!["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnknownProperty_Is400NamingIt()
    {
        var (response, body) = await api.PostAsync("/api/plan", """{ "description": "chatbot", "gpu": "H100" }""");

        ApiFactory.AssertProblem(response, body, 400);
        Assert.Contains("gpu", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_EventStream_SendsProgressThenResult()
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plan") { Content = ApiFactory.JsonBody("""{ "description": "chatbot for 300 users", "top": 1 }""") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonNode.Parse(lines[1]["data: ".Length..])!))
            .ToList();
        Assert.Equal(["progress", "progress", "progress", "result"], events.Select(e => e.Name).ToArray());
        Assert.Equal(["extracting", "planning", "verifying"], events.Take(3).Select(e => e.Data["stage"]!.GetValue<string>()).ToArray());
        Assert.Single(events[3].Data["recommendations"]!.AsArray());
    }

    [Fact]
    public async Task Plan_EventStream_InvalidRequest_SendsErrorEvent()
    {
        var (response, _) = await api.PostAsync("/api/plan", """{ "description": "chatbot", "overrides": { "gpus": ["H10"] } }""", "text/event-stream");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("event: error", text, StringComparison.Ordinal);
        Assert.Contains("\"field\":\"overrides.gpus\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_ReturnsIntentNotesAndExtractor()
    {
        var (response, body) = await api.PostAsync("/api/extract", """{ "text": "code completion for 300 developers, low latency" }""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("code_completion", body!["useCase"]!.GetValue<string>());
        Assert.Equal(300, body["userCount"]!.GetValue<int>());
        Assert.NotNull(body["extractor"]);
        Assert.NotNull(body["notes"]);
    }

    [Fact]
    public async Task Extract_EmptyText_Is400()
    {
        var (response, body) = await api.PostAsync("/api/extract", """{ "text": "" }""");

        ApiFactory.AssertProblem(response, body, 400, "text");
    }
}
