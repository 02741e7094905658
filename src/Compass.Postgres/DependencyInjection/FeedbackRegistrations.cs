using Compass.Postgres;
using Compass.Postgres.Feedback;
using Compass.Postgres.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The feedback services <see cref="CompassPostgresServiceCollectionExtensions.AddCompassPostgres"/> registers: the stores, the audit log and the health check, all singletons over the one <see cref="CompassDatabase"/>.</summary>
internal static class FeedbackRegistrations
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PlanStore(sp.GetRequiredService<CompassDatabase>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new DeploymentStore(sp.GetRequiredService<CompassDatabase>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new OutcomeStore(sp.GetRequiredService<CompassDatabase>()));
        services.TryAddSingleton(sp => new AuditLog(sp.GetRequiredService<CompassDatabase>(), sp.GetService<TimeProvider>()));
        services.TryAddSingleton(sp => new KnowledgeHealthCheck(sp.GetRequiredService<CompassDatabase>(), sp.GetService<TimeProvider>()));
    }
}
