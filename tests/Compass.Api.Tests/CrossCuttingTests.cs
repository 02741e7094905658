using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Compass.Api.Tests;

[Collection(DefaultApi.Name)]
public sealed class CrossCuttingTests(ApiFactory api)
{
    private const string Key = "0123456789abcdef-test-key";

    [Fact]
    public async Task Health_LiveAndReady_AreOk()
    {
        using var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("/api/catalog/models")]
    [InlineData("/api/catalog/gpus")]
    [InlineData("/api/catalog/use-cases")]
    public async Task Catalog_ListsAreJsonArrays(string path)
    {
        using var client = api.CreateClient();

        var list = JsonNode.Parse(await client.GetStringAsync(path))!.AsArray();

        Assert.NotEmpty(list);
        Assert.NotNull(list[0]!["id"] ?? list[0]!["type"]);
    }

    [Fact]
    public async Task OpenApi_ListsTheRoutes()
    {
        using var client = api.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/plan", paths);
        Assert.Contains("/api/compare", paths);
        Assert.Contains("/api/deployments/{namespace}/{name}", paths);
    }

    [Fact]
    public async Task Reference_IsServedWithItsScriptFromThePackage()
    {
        using var client = api.CreateClient();

        var page = await client.GetStringAsync("/reference/");
        var script = await client.GetAsync("/reference/scalar.js");

        Assert.Contains("scalar.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Root_ServesTheUi()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/nothing-here");

        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 404);
    }

    [Fact]
    public async Task WrongMethod_Is405ProblemDetails()
    {
        using var client = api.CreateClient();

        var response = await client.PutAsync("/api/plan", ApiFactory.JsonBody("{}"));

        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 405);
    }

    [Fact]
    public async Task WrongContentType_Is415ProblemDetails()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/api/plan", new StringContent("description=chatbot", Encoding.UTF8, "text/plain"));

        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 415);
    }

    [Fact]
    public async Task OversizedBody_Is413ProblemDetails()
    {
        var json = "{ \"description\": \"" + new string('x', 1024 * 1024 + 10) + "\" }";

        var (response, body) = await api.PostAsync("/api/plan", json);

        ApiFactory.AssertProblem(response, body, 413);
    }

    [Fact]
    public async Task OversizedChunkedBody_Is413ProblemDetails()
    {
        using var client = api.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("{ \"description\": \"" + new string('x', 1024 * 1024 + 10) + "\" }");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plan") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 413);
    }

    [Fact]
    public async Task KnowledgeBaseHealth_WithoutPostgres_Is404SayingHowToConfigure()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/kb/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        ApiFactory.AssertProblem(response, body, 404);
        Assert.Contains("Compass:KnowledgeBase", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployments_WithoutCluster_Is503SayingHowToConfigure()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/deployments");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        ApiFactory.AssertProblem(response, body, 503);
        Assert.Contains("Compass:Kubernetes", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_WhenConfigured_IsRequiredOnApiButNotOnHealth()
    {
        await using var keyed = ApiFactory.With(("Compass:ApiKey", Key));
        using var client = keyed.CreateClient();

        var missing = await client.GetAsync("/api/catalog/gpus");
        ApiFactory.AssertProblem(missing, JsonNode.Parse(await missing.Content.ReadAsStringAsync()), 401);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/gpus");
        wrong.Headers.Add("X-Api-Key", "not-the-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/gpus");
        right.Headers.Add("X-Api-Key", Key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_WhenNotConfigured_IsNotRequired()
    {
        using var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalog/gpus")).StatusCode);
    }

    [Fact]
    public async Task Cors_AllowsConfiguredOriginOnly()
    {
        await using var cors = ApiFactory.With(("Compass:Cors:Origins:0", "https://ui.example.com"));
        using var client = cors.CreateClient();

        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/plan");
        allowed.Headers.Add("Origin", "https://ui.example.com");
        allowed.Headers.Add("Access-Control-Request-Method", "POST");
        var yes = await client.SendAsync(allowed);
        Assert.Equal("https://ui.example.com", yes.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var denied = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/gpus");
        denied.Headers.Add("Origin", "https://evil.example.com");
        var no = await client.SendAsync(denied);
        Assert.False(no.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ApiKey_Empty_TurnsTheKeyOff()
    {
        await using var open = ApiFactory.With(("Compass:ApiKey", ""));
        using var client = open.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalog/use-cases")).StatusCode);
    }

    [Fact]
    public async Task MissingBody_Is400ProblemDetails()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/api/extract", new StringContent(string.Empty, Encoding.UTF8, "application/json"));

        ApiFactory.AssertProblem(response, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 400);
    }
}
