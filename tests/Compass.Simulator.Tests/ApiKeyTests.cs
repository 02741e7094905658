using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Compass.Simulator.Tests;

/// <summary>With an API key, /v1/* needs <c>Authorization: Bearer KEY</c> (401 in OpenAI's error shape otherwise); health and metrics stay open.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "sk-test-0123456789";

    private static HttpRequestMessage Completion(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = new StringContent("""{"prompt":"x","max_tokens":1}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer sk-test-012345678")]
    [InlineData("Bearer sk-test-01234567890")]
    [InlineData("Basic c2stdGVzdC0wMTIzNDU2Nzg5")]
    [InlineData(Key)]
    public async Task WithoutTheRightBearerKey_Gets401InOpenAiShape(string? authorization)
    {
        await using var server = await TestServer.StartAsync(o => o.ApiKey = Key);
        using var request = Completion(authorization);
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Contains("Authorization: Bearer", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer " + Key)]
    [InlineData("bearer " + Key)]
    public async Task WithTheKey_IsServed(string authorization)
    {
        await using var server = await TestServer.StartAsync(o => o.ApiKey = Key);
        using var request = Completion(authorization);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ModelsList_NeedsTheKey_HealthAndMetricsDoNot()
    {
        await using var server = await TestServer.StartAsync(o => o.ApiKey = Key);
        using (var models = await server.Client.GetAsync("/v1/models"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            using var models = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        }

        foreach (var open in new[] { "/health", "/health/ready", "/metrics" })
        {
            using var response = await server.Client.GetAsync(open);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task WithoutAKey_NoAuthorizationIsNeeded()
    {
        await using var server = await TestServer.StartAsync();
        using var request = Completion(null);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
