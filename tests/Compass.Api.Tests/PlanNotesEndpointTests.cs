using System.Text.Json.Nodes;

namespace Compass.Api.Tests;

/// <summary>The API's plan notes never ask for what the request's overrides gave; impossible loads and empty names are 400s naming the field.</summary>
[Collection(DefaultApi.Name)]
public sealed class PlanNotesEndpointTests(ApiFactory api)
{
    [Theory]
    [InlineData("a chatbot", """{ "users": 500 }""", "userCount")]
    [InlineData("something for our team", """{ "qps": 5 }""", "expectedQps")]
    [InlineData("chatbot for 500 users on our B300s", """{ "gpus": ["H100"] }""", "preferredGpuTypes")]
    [InlineData("chatbot for 500 users, first token under 300 ms", """{ "ttftMs": 300 }""", "ttftMs")]
    public async Task Plan_NotesAndHints_LeaveOutWhatTheOverridesGave(string description, string overrides, string field)
    {
        var (bare, bareBody) = await api.PostAsync("/api/extract", $$"""{ "text": "{{description}}" }""");
        Assert.Equal(200, (int)bare.StatusCode);
        var resolved = bareBody!["hints"]!.AsArray().Where(h => h!["field"]!.GetValue<string>() == field).Select(h => h!["note"]!.GetValue<string>()).ToArray();
        Assert.NotEmpty(resolved);

        var (response, body) = await api.PostAsync("/api/plan", $$"""{ "description": "{{description}}", "overrides": {{overrides}}, "top": 1 }""");

        Assert.Equal(200, (int)response.StatusCode);
        var extraction = body!["extraction"]!;
        Assert.DoesNotContain(extraction["hints"]!.AsArray(), h => h!["field"]!.GetValue<string>() == field);
        Assert.All(resolved, note => Assert.DoesNotContain(extraction["notes"]!.AsArray(), n => n!.GetValue<string>() == note));
    }

    [Theory]
    [InlineData("chatbot for banana users", "'banana users'")]
    [InlineData("chatbot for 0 users", "no users")]
    [InlineData("chatbot for 10^15 users", "more users than can be planned for")]
    public async Task Plan_MissingOrImpossibleLoad_Is400OnTheDescription(string description, string expected)
    {
        var (response, body) = await api.PostAsync("/api/plan", $$"""{ "description": "{{description}}" }""");

        ApiFactory.AssertProblem(response, body, 400, "description");
        Assert.Contains(expected, body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "description": "chatbot for 50 users", "overrides": { "gpus": [""] } }""", "overrides.gpus[0]")]
    [InlineData("""{ "description": "chatbot for 50 users", "overrides": { "gpus": ["H100", "  "] } }""", "overrides.gpus[1]")]
    [InlineData("""{ "description": "chatbot for 50 users", "overrides": { "models": [""] } }""", "overrides.models[0]")]
    public async Task Plan_EmptyName_Is400NamingTheEntry(string json, string field)
    {
        var (response, body) = await api.PostAsync("/api/plan", json);

        ApiFactory.AssertProblem(response, body, 400, field);
        var detail = body!["detail"]!.GetValue<string>();
        Assert.Contains("is empty", detail, StringComparison.Ordinal);
        Assert.Contains("/api/catalog/", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/validate", """{ "url": "http://localhost:1", "plan": {}, "model": " " }""", "model")]
    [InlineData("/api/estimate", """{ "model": "", "gpu": "H100" }""", "model")]
    [InlineData("/api/estimate", """{ "model": "llama-3.1-8b", "gpu": " " }""", "gpu")]
    [InlineData("/api/simulate", """{ "model": "llama-3.1-8b", "gpu": "", "rate": 1 }""", "gpu")]
    public async Task EmptyModelOrGpu_Is400NamingTheField(string path, string json, string field)
    {
        var (response, body) = await api.PostAsync(path, json);

        ApiFactory.AssertProblem(response, body, 400, field);
        Assert.DoesNotContain("Unknown", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
