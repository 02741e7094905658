using Compass.Core;
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
    /// fault injection. The deployment's model and GPU come from the registered <see cref="IKnowledgeBase"/>, or the
    /// embedded one when none is registered. Time comes from the registered <see cref="TimeProvider"/> (the system clock
    /// by default). Map the endpoints with <c>app.MapCompassSimulator()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; defaults when null.</param>
    /// <returns>The options builder, for further configuration (e.g. binding a configuration section).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static OptionsBuilder<CompassSimulatorOptions> AddCompassSimulator(this IServiceCollection services, Action<CompassSimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<CompassSimulatorOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompassSimulatorOptions>, CompassSimulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CompassSimulatorOptions>>().Value;
            var catalog = sp.GetService<IKnowledgeBase>() is { } kb
                ? kb.GetCatalogAsync().AsTask().GetAwaiter().GetResult()
                : EmbeddedKnowledgeBase.Catalog;
            return SimulatedDeployment.Resolve(options, catalog);
        });
        services.TryAddSingleton<SimulatorMetrics>();
        services.TryAddSingleton<SimulatorEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulatorEngine>());
        services.TryAddSingleton<FaultInjector>();
        services.TryAddSingleton<CompletionHandler>();
        return builder;
    }
}
