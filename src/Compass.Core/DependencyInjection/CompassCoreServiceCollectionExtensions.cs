using Compass.Core;
using Compass.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Compass core services.</summary>
public static class CompassCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded knowledge base as <see cref="IKnowledgeBase"/> (a singleton) unless another one is
    /// already registered, so that a database-backed knowledge base can replace it by being added first.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IKnowledgeBase, EmbeddedKnowledgeBase>();
        return services;
    }
}
