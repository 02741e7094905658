using Compass.Observability.LoadTesting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Compass load tester.</summary>
public static class CompassObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LoadTester"/> as a singleton over its own <see cref="HttpClient"/>, with
    /// <see cref="LoadTesterOptions"/> validated at start-up, and <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is already registered. A <see cref="LoadTester"/> registered earlier is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the connection options.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCompassLoadTesting(this IServiceCollection services, Action<LoadTesterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LoadTesterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoadTesterOptions>, LoadTesterOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new LoadTesterClient(sp.GetRequiredService<IOptions<LoadTesterOptions>>().Value.CreateHttpClient()));
        services.TryAddSingleton(sp => new LoadTester(sp.GetRequiredService<LoadTesterClient>().Http, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
