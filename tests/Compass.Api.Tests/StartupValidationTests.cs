using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Compass.Api.Tests;

/// <summary>
/// Settings the host refuses at start-up. The host is built here with the same two calls Program.cs makes
/// (<c>AddCompassApi</c>, <c>UseCompassApi</c>) on a test server, not through WebApplicationFactory: its deferred host
/// asks the application's service provider for the lifetime after the application has started, and when start-up fails
/// that provider may already be disposed (an ObjectDisposedException instead of the validation error, seen in CI).
/// </summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Cors_Wildcard_IsRefusedAtStartUp()
    {
        var error = await StartAndExpectRefusal(("Compass:Cors:Origins:0", "*"));

        Assert.Contains("'*' is not accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_TooShort_IsRefusedAtStartUp()
    {
        var error = await StartAndExpectRefusal(("Compass:ApiKey", "short"));

        Assert.Contains("Compass:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("http://example.com")]
    [InlineData("a.*.com")]
    public async Task LoadTestHosts_Wildcards_AndUrls_AreRefusedAtStartUp(string host)
    {
        var error = await StartAndExpectRefusal(("Compass:Limits:LoadTestHosts:0", host));

        Assert.Contains("Compass:Limits:LoadTestHosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidSettings_Start()
    {
        await using var app = Build(("Compass:ApiKey", "a-key-of-sixteen-plus"), ("Compass:Limits:LoadTestHosts:0", "*.svc.cluster.local"));

        await app.StartAsync(CancellationToken.None);
        using var client = app.GetTestClient();
        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), CancellationToken.None);

        Assert.True(response.IsSuccessStatusCode, $"GET /health/live answered {(int)response.StatusCode}");
    }

    private static async Task<OptionsValidationException> StartAndExpectRefusal(params (string Key, string Value)[] settings)
    {
        await using var app = Build(settings);
        return await Assert.ThrowsAnyAsync<OptionsValidationException>(() => app.StartAsync(CancellationToken.None));
    }

    private static WebApplication Build(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(Program).Assembly.GetName().Name });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.WebHost.UseTestServer();
        builder.AddCompassApi();
        var app = builder.Build();
        app.UseCompassApi();
        return app;
    }
}
