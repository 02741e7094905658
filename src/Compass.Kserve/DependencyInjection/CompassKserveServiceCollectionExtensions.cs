using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compass's KServe manifest generation.</summary>
public static class CompassKserveServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ManifestService"/> (a <see cref="ManifestGenerator"/> over the registered knowledge base), <see cref="ManifestValidator"/> and <see cref="ManifestWriter"/> (and the
    /// core services they need), with <see cref="KserveOptions"/> validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the default manifest options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassKserve(this IServiceCollection services, Action<KserveOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCompassCore();
        var builder = services.AddOptions<KserveOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KserveOptions>, KserveOptionsValidator>());
        services.TryAddSingleton<ManifestValidator>();
        services.TryAddSingleton(sp => new ManifestWriter(sp.GetRequiredService<ManifestValidator>()));
        services.TryAddSingleton(sp => new ManifestService(
            sp.GetRequiredService<IKnowledgeBase>(),
            sp.GetRequiredService<ManifestValidator>(),
            sp.GetRequiredService<IOptions<KserveOptions>>().Value.Manifests));
        return services;
    }
}
