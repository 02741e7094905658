using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Api.Tests;

/// <summary>Starts the API in process with extra configuration (Compass:... keys); requests go through real HTTP semantics.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>Gets the configuration to add (e.g. <c>Compass:ApiKey</c>); set it before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets replacements for the host's services (set before the first request).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    public static ApiFactory With(params (string Key, string? Value)[] settings)
    {
        var factory = new ApiFactory();
        foreach (var (key, value) in settings)
        {
            factory.Settings[key] = value;
        }

        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonBody(JsonNode node) => JsonBody(node.ToJsonString());

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string path, string json, string? accept = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonBody(json) };
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 && response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json" ? JsonNode.Parse(text) : null);
    }

    public static void AssertProblem(HttpResponseMessage response, JsonNode? body, int status, string? field = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(body);
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["title"]?.GetValue<string>()));
        if (field is not null)
        {
            Assert.Equal(field, body["field"]?.GetValue<string>());
        }
    }

    public static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
