using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Compass.Api.Tests;

[Collection(DefaultApi.Name)]
public sealed class ManifestEndpointTests(ApiFactory api)
{
    private async Task<JsonNode> PlanAsync()
    {
        var (_, plan) = await api.PostAsync("/api/plan", """{ "description": "chatbot for 100 users", "top": 2 }""");
        return plan!;
    }

    [Fact]
    public async Task Manifests_ReturnsValidatedYamlDocuments()
    {
        var body = new JsonObject { ["plan"] = await PlanAsync(), ["rank"] = 1, ["options"] = new JsonObject { ["namespace"] = "llm", ["name"] = "chat" } };

        var (response, result) = await api.PostAsync("/api/manifests", body.ToJsonString());

        Assert.Equal(200, (int)response.StatusCode);
        var documents = result!["documents"]!.AsArray();
        var service = documents.Single(d => d!["kind"]!.GetValue<string>() == "InferenceService")!;
        Assert.Equal("chat", service["name"]!.GetValue<string>());
        Assert.Contains("namespace: llm", service["yaml"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(documents, d => Assert.EndsWith(".yaml", d!["fileName"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.NotNull(result["notes"]);
    }

    [Fact]
    public async Task ManifestsZip_HoldsOneFilePerObjectAndTheKustomization()
    {
        var body = new JsonObject { ["plan"] = await PlanAsync(), ["options"] = new JsonObject { ["simulator"] = true } };
        using var client = api.CreateClient();

        using var response = await client.PostAsync("/api/manifests/zip", ApiFactory.JsonBody(body));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".zip", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("kustomization.yaml", names);
        Assert.Contains("runbook.md", names);
        Assert.Contains(names, n => n.Contains("inferenceservice", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Manifests_AlertTimingAndRunbookUrl_ShapeEveryAlert()
    {
        var options = new JsonObject { ["alertFor"] = "2m", ["alertWindow"] = "90s", ["runbookUrl"] = "https://wiki.example.com/llm/runbook" };
        var body = new JsonObject { ["plan"] = await PlanAsync(), ["options"] = options };

        var (response, result) = await api.PostAsync("/api/manifests", body.ToJsonString());

        Assert.Equal(200, (int)response.StatusCode);
        var rules = result!["documents"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "PrometheusRule")!["yaml"]!.GetValue<string>();
        var alerts = System.Text.RegularExpressions.Regex.Count(rules, "- alert: ");
        Assert.True(alerts >= 10, rules);
        Assert.Equal(alerts, System.Text.RegularExpressions.Regex.Count(rules, "for: \"2m\""));
        Assert.Equal(alerts, System.Text.RegularExpressions.Regex.Count(rules, "runbook_url: \"https://wiki.example.com/llm/runbook#"));
        Assert.Contains("[1m30s]", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("[5m]", rules, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alertFor", "5", "has no unit")]
    [InlineData("alertFor", "0s", "from 1s to 7d")]
    [InlineData("alertWindow", "1s", "from 2s to 7d")]
    [InlineData("alertWindow", "five minutes", "is not a duration")]
    [InlineData("runbookUrl", "runbook.md", "absolute http(s) URL")]
    [InlineData("runbookUrl", "https://wiki.example.com/runbook#top", "#fragment")]
    public async Task Manifests_BadAlertOptions_Are400NamingTheField(string field, string value, string expected)
    {
        var body = new JsonObject { ["plan"] = await PlanAsync(), ["options"] = new JsonObject { [field] = value } };

        var (response, problem) = await api.PostAsync("/api/manifests", body.ToJsonString());

        ApiFactory.AssertProblem(response, problem, 400, "options." + field);
        Assert.Contains(expected, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifests_MissingPlan_Is400()
    {
        var (response, body) = await api.PostAsync("/api/manifests", """{ "rank": 1 }""");

        ApiFactory.AssertProblem(response, body, 400, "plan");
    }

    [Fact]
    public async Task Manifests_RankOutOfRange_Is400()
    {
        var body = new JsonObject { ["plan"] = await PlanAsync(), ["rank"] = 99 };

        var (response, problem) = await api.PostAsync("/api/manifests", body.ToJsonString());

        ApiFactory.AssertProblem(response, problem, 400, "rank");
    }

    [Fact]
    public async Task Manifests_BrokenPlan_Is400NamingThePlan()
    {
        var (response, body) = await api.PostAsync("/api/manifests", """{ "plan": { "schemaVersion": "1" } }""");

        ApiFactory.AssertProblem(response, body, 400, "plan");
    }
}
