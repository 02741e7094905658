using Compass.Core;
using Compass.Postgres;
using Compass.Postgres.Knowledge;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL knowledge base.</summary>
public static class CompassPostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CompassDatabase"/> and <see cref="PostgresKnowledgeBase"/> as the <see cref="IKnowledgeBase"/>
    /// (replacing the embedded one whether it was registered before or is registered after). Nothing connects at
    /// registration: the first read does, and says clearly when the database is unreachable or has no Compass schema
    /// (create it with <c>compass db init</c> or <see cref="CompassDatabase.MigrateAsync"/>). Also registers the feedback
    /// services: <see cref="Compass.Postgres.Feedback.PlanStore"/>, <see cref="Compass.Postgres.Feedback.DeploymentStore"/>,
    /// <see cref="Compass.Postgres.Feedback.OutcomeStore"/>, <see cref="Compass.Postgres.Feedback.AuditLog"/> and
    /// <see cref="Compass.Postgres.Health.KnowledgeHealthCheck"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">A <c>postgres://</c> URI or Npgsql keywords.</param>
    /// <param name="configure">Further options (schema, stale-price age).</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="connectionString"/> is null.</exception>
    public static IServiceCollection AddCompassPostgres(this IServiceCollection services, string connectionString, Action<CompassPostgresOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connectionString);
        services.AddOptions<CompassPostgresOptions>()
            .Configure(o =>
            {
                o.ConnectionString = connectionString;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompassPostgresOptions>, CompassPostgresOptionsValidator>());
        services.TryAddSingleton(sp => new CompassDatabase(sp.GetRequiredService<IOptions<CompassPostgresOptions>>().Value));
        services.TryAddSingleton(sp => new PostgresKnowledgeBase(sp.GetRequiredService<CompassDatabase>(), sp.GetService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IKnowledgeBase>(sp => sp.GetRequiredService<PostgresKnowledgeBase>()));
        FeedbackRegistrations.Add(services);
        return services;
    }
}
