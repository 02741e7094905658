using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compass planning.</summary>
public static class CompassPlanningServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlanningService"/> (and the core services it needs) with options validated at start-up.
    /// An <see cref="Compass.Core.IIntentExtractor"/> registered before or after is used instead of the deterministic one.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the planning defaults.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassPlanning(this IServiceCollection services, Action<CompassPlanningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCompassCore();
        var builder = services.AddOptions<CompassPlanningOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompassPlanningOptions>, CompassPlanningOptionsValidator>());
        services.TryAddSingleton(sp => new PlanningService(
            sp.GetRequiredService<Compass.Core.IKnowledgeBase>(),
            sp.GetRequiredService<IOptions<CompassPlanningOptions>>(),
            sp.GetService<Compass.Core.IIntentExtractor>()));
        services.TryAddSingleton(sp => new Compass.Planning.Conversation.ConversationEngine(sp.GetRequiredService<PlanningService>()));
        return services;
    }
}
