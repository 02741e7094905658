using Compass.Core.Knowledge;
using Compass.Simulator;
using Compass.Simulator.Engine;
using Compass.Simulator.Faults;
using Compass.Simulator.Metrics;
using Compass.Simulator.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Compass simulator.</summary>
public static class CompassSimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the live simulator: its options (validated at start-up), the engine loop (a hosted service), metrics and
    /// fault injection. The deployment's model and GPU come from the embedded knowledge base; to simulate from another
    /// one (a database), read its catalog first and use the overload that takes it: the registration never blocks on I/O.
    /// Time comes from the registered <see cref="TimeProvider"/> (the system clock by default). Map the endpoints with
    /// <c>app.MapCompassSimulator()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; defaults when null.</param>
    /// <returns>The options builder, for further configuration (e.g. binding a configuration section).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static OptionsBuilder<CompassSimulatorOptions> AddCompassSimulator(this IServiceCollection services, Action<CompassSimulatorOptions>? configure = null)
        => AddCompassSimulator(services, catalog: null, configure);

    /// <summary>
    /// Registers the live simulator with the models and GPUs of <paramref name="catalog"/>, e.g. one read with
    /// <c>await knowledgeBase.GetCatalogAsync()</c> from a database before the host is built.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="catalog">The catalog the simulated model and GPU come from; null for the embedded one.</param>
    /// <param name="configure">Sets the options; defaults when null.</param>
    /// <returns>The options builder, for further configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static OptionsBuilder<CompassSimulatorOptions> AddCompassSimulator(this IServiceCollection services, KnowledgeCatalog? catalog, Action<CompassSimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<CompassSimulatorOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompassSimulatorOptions>, CompassSimulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SimulatedDeployment.Resolve(sp.GetRequiredService<IOptions<CompassSimulatorOptions>>().Value, catalog ?? EmbeddedKnowledgeBase.Catalog));
        services.TryAddSingleton<SimulatorMetrics>();
        services.TryAddSingleton<SimulatorEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatorEngine>());
        services.TryAddSingleton<FaultInjector>();
        services.TryAddSingleton<CompletionHandler>();
        return builder;
    }
}
