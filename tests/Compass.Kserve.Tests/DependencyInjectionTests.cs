using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compass.Kserve.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public void AddCompassKserve_RegistersGenerator_WithConfiguredDefaults()
    {
        using var services = new ServiceCollection().AddCompassKserve(o => o.Manifests = new ManifestOptions { Namespace = "llm" }).BuildServiceProvider();

        var set = services.GetRequiredService<ManifestGenerator>().Generate(TestPlans.Load(TestPlans.Chatbot));

        Assert.Equal("llm", set.Settings.Namespace);
        Assert.NotNull(services.GetRequiredService<ManifestWriter>());
        Assert.NotNull(services.GetRequiredService<ManifestValidator>());
    }

    [Fact]
    public void AddCompassKserve_InvalidOptions_FailValidation()
    {
        using var services = new ServiceCollection().AddCompassKserve(o => o.Manifests = new ManifestOptions { Namespace = "Not Valid" }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KserveOptions>>().Value);
        Assert.Contains("namespace", ex.Message, StringComparison.Ordinal);
    }
}
