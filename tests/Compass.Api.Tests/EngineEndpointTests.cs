using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using System.Text.Json.Nodes;

namespace Compass.Api.Tests;

[Collection(DefaultApi.Name)]
public sealed class EngineEndpointTests(ApiFactory api)
{
    [Fact]
    public async Task Estimate_ReturnsTheCliJsonShape()
    {
        var (response, body) = await api.PostAsync("/api/estimate", """{ "model": "llama-3.1-8b", "gpu": "H100", "batch": 8 }""");

        Assert.Equal(200, (int)response.StatusCode);
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var model = catalog.ResolveModel("llama-3.1-8b").Spec;
        var expected = ConfigurationEstimator.Estimate(catalog, model, model.Quantizations[0].Quantization, catalog.ResolveGpus("H100")[0], 1, KvCacheFormat.Auto, 8, 1024, 1024).ToJsonObject();
        Assert.True(JsonNode.DeepEquals(expected, body), body?.ToJsonString());
        Assert.True(body!["decodeStepMs"]!.GetValue<double>() > 0);
    }

    [Theory]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H10" }""", "gpu")]
    [InlineData("""{ "model": "lama-3.1-8b", "gpu": "H100" }""", "model")]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H100", "tensorParallel": 3 }""", "tensorParallel")]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H100", "batch": 0 }""", "batch")]
    [InlineData("""{ "gpu": "H100" }""", "model")]
    public async Task Estimate_InvalidConfiguration_Is400NamingTheField(string json, string field)
    {
        var (response, body) = await api.PostAsync("/api/estimate", json);

        ApiFactory.AssertProblem(response, body, 400, field);
    }

    [Fact]
    public async Task Simulate_OpenLoop_ReturnsSummary()
    {
        var (response, body) = await api.PostAsync("/api/simulate", """{ "model": "llama-3.1-8b", "gpu": "H100", "rate": 5, "requests": 200, "seed": 7 }""");

        Assert.Equal(200, (int)response.StatusCode);
        var result = body!["result"]!;
        Assert.Equal(200, result["totalRequests"]!.GetValue<int>());
        Assert.NotNull(result["ttft"]);
        Assert.Null(result["requests"]);
    }

    [Fact]
    public async Task Simulate_ClosedLoop_ReturnsSummary()
    {
        var (response, body) = await api.PostAsync("/api/simulate", """{ "model": "llama-3.1-8b", "gpu": "H100", "concurrency": 8, "requests": 100 }""");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(100, body!["result"]!["totalRequests"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H100", "rate": 5, "requests": 1000000 }""", "requests")]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H100" }""", "rate")]
    [InlineData("""{ "model": "llama-3.1-8b", "gpu": "H100", "rate": 5, "promptTokens": "banana" }""", "promptTokens")]
    public async Task Simulate_Invalid_Is400NamingTheField(string json, string field)
    {
        var (response, body) = await api.PostAsync("/api/simulate", json);

        ApiFactory.AssertProblem(response, body, 400, field);
    }
}
