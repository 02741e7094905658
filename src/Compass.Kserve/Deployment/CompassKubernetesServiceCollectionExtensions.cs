using Compass.Kserve.Deployment;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Kubernetes deployment target.</summary>
public static class CompassKubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KubernetesDeployer"/> as the singleton <see cref="IDeploymentTarget"/>, with
    /// <see cref="KubernetesDeploymentOptions"/> validated at start-up. The kubeconfig (or in-cluster configuration) is
    /// read when the target is first resolved. An <see cref="IDeploymentTarget"/> registered earlier is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the kubeconfig path, context or in-cluster mode, the namespace and the timeouts.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassKubernetes(this IServiceCollection services, Action<KubernetesDeploymentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KubernetesDeploymentOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubernetesDeploymentOptions>, KubernetesDeploymentOptionsValidator>());
        services.TryAddSingleton<IDeploymentTarget>(sp => new KubernetesDeployer(sp.GetRequiredService<IOptions<KubernetesDeploymentOptions>>().Value, sp.GetService<TimeProvider>()));
        return services;
    }
}
