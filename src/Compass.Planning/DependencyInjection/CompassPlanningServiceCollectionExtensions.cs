using Compass.Core;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compass planning.</summary>
public static class CompassPlanningServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlanningService"/> (and the core services it needs) with options validated at start-up.
    /// An <see cref="IIntentExtractor"/> registered before or after is used instead of the deterministic one,
    /// and an <see cref="IPerformanceModel"/> registered before or after (see <see cref="AddCompassPerformanceModel{TModel}"/>)
    /// instead of the built-in benchmarks-then-physics model.
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
            sp.GetRequiredService<IKnowledgeBase>(),
            sp.GetRequiredService<IOptions<CompassPlanningOptions>>(),
            sp.GetService<IIntentExtractor>(),
            sp.GetService<IPerformanceModel>() is { } model ? _ => model : null));
        services.TryAddSingleton(sp => new Compass.Planning.Conversation.ConversationEngine(sp.GetRequiredService<PlanningService>()));
        return services;
    }

    /// <summary>
    /// Registers the performance model <see cref="PlanningService"/> sizes configurations with, replacing any registered
    /// before; works before or after <see cref="AddCompassPlanning"/>.
    /// </summary>
    /// <typeparam name="TModel">The model; resolved once, as a singleton, so it must be thread-safe.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassPerformanceModel<TModel>(this IServiceCollection services)
        where TModel : class, IPerformanceModel
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IPerformanceModel, TModel>());
        return services;
    }
}
