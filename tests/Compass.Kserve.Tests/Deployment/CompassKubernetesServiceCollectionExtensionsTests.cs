using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compass.Kserve.Tests.Deployment;

public sealed class CompassKubernetesServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddCompassKubernetes_RegistersAKubernetesDeployer_FromTheKubeconfig()
    {
        await using var server = await FakeKubernetes.StartAsync();
        var dir = Directory.CreateTempSubdirectory("compass-kube-").FullName;
        try
        {
            var path = server.WriteKubeconfig(dir);
            await using var services = new ServiceCollection()
                .AddCompassKubernetes(o => { o.KubeconfigPath = path; o.Namespace = "default"; })
                .BuildServiceProvider();

            var target = services.GetRequiredService<IDeploymentTarget>();

            Assert.IsType<KubernetesDeployer>(target);
            Assert.Empty(await target.ListAsync());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AddCompassKubernetes_InvalidOptions_FailValidation()
    {
        using var services = new ServiceCollection().AddCompassKubernetes(o => o.MaxRevisions = 1).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KubernetesDeploymentOptions>>().Value);

        Assert.Contains("MaxRevisions must be between 2 and 100", ex.Message, StringComparison.Ordinal);
    }
}
