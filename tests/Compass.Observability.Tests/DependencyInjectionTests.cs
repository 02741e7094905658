using Compass.Observability.LoadTesting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Observability.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddCompassLoadTesting_RegistersASingletonTester()
    {
        using var services = new ServiceCollection().AddCompassLoadTesting(o => o.MaxConnectionsPerServer = 64).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var tester = services.GetRequiredService<LoadTester>();
        Assert.Same(tester, services.GetRequiredService<LoadTester>());
        Assert.Equal(64, services.GetRequiredService<IOptions<LoadTesterOptions>>().Value.MaxConnectionsPerServer);
    }

    [Fact]
    public void AddCompassLoadTesting_KeepsARegisteredTimeProvider()
    {
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddCompassLoadTesting().BuildServiceProvider();
        Assert.Same(time, services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<LoadTester>());
    }

    [Fact]
    public void AddCompassLoadTesting_InvalidOptions_FailValidation()
    {
        using var services = new ServiceCollection().AddCompassLoadTesting(o => o.ConnectTimeout = TimeSpan.Zero).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LoadTesterOptions>>().Value);
        Assert.Contains("ConnectTimeout must be positive", ex.Message, StringComparison.Ordinal);
    }
}
