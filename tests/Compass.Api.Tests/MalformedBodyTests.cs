namespace Compass.Api.Tests;

/// <summary>Every POST route answers malformed or mistyped bodies with a 400 ProblemDetails, never a 500.</summary>
[Collection(DefaultApi.Name)]
public sealed class MalformedBodyTests(ApiFactory api)
{
    public static TheoryData<string, string> Cases()
    {
        string[] routes =
        [
            "/api/extract", "/api/plan", "/api/compare", "/api/conversations", "/api/conversations/x/messages", "/api/estimate",
            "/api/simulate", "/api/manifests", "/api/manifests/zip", "/api/loadtest", "/api/validate",
        ];
        string[] bodies = ["{", "[]", "null", "123", "\"text\"", "{ \"unknownField\": 1 }", "{ \"a\": }", "{ \"top\": 1e999 }", "{\n\"x\": [1,\n"];
        var data = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var body in bodies)
            {
                data.Add(route, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedBody_Is400ProblemDetails(string route, string body)
    {
        var (response, problem) = await api.PostAsync(route, body);

        ApiFactory.AssertProblem(response, problem, 400);
        Assert.DoesNotContain("   at ", problem!.ToJsonString(), StringComparison.Ordinal);
    }
}
