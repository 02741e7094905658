using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Compass.Simulator.Tests;

public sealed class DependencyInjectionTests
{
    [Theory]
    [InlineData(500, 0.0)]
    [InlineData(429, 1.5)]
    public async Task InvalidOptions_FailAtStartUp(int queueFullStatus, double faultRate)
    {
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var server = await TestServer.StartAsync(o => { o.QueueFullStatusCode = queueFullStatus; o.FaultRate = faultRate; });
        });
    }

    [Fact]
    public async Task UnknownCatalogModel_FailsWithAClearMessage()
    {
        var e = await Assert.ThrowsAnyAsync<InvalidOperationException>(async () =>
        {
            await using var server = await TestServer.StartAsync(o => o.Model = "acme/no-such-model", fakeProfile: false);
            await server.Client.GetAsync("/v1/models");
        });
        Assert.Contains("acme/no-such-model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapCompassSimulator_WithoutAddCompassSimulator_Throws()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        Assert.Throws<InvalidOperationException>(() => app.MapCompassSimulator());
    }
}
