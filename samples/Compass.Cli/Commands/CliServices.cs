using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Service;
using Compass.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary>The planning services a command uses, reading the knowledge base named by <c>--kb</c> (else the embedded one).</summary>
internal static class CliServices
{
    public static ServiceCollection Collection(KnowledgeBaseOption? knowledgeBase, Action<CompassPlanningOptions>? planning = null)
    {
        var services = new ServiceCollection();
        services.AddCompassPlanning(planning);
        if (knowledgeBase is not null)
        {
            services.AddCompassPostgres(knowledgeBase.ConnectionString);
        }

        return services;
    }

    public static async Task<KnowledgeCatalog> CatalogAsync(KnowledgeBaseOption? knowledgeBase, CancellationToken cancellationToken)
    {
        await using var services = Collection(knowledgeBase).BuildServiceProvider();
        return await services.GetRequiredService<PlanningService>().GetCatalogAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one part of the knowledge base (only that part: the embedded one reads just the documents it needs).</summary>
    public static async Task<T> ReadAsync<T>(KnowledgeBaseOption? knowledgeBase, Func<IKnowledgeBase, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        await using var services = Collection(knowledgeBase).BuildServiceProvider();
        return await read(services.GetRequiredService<IKnowledgeBase>(), cancellationToken).ConfigureAwait(false);
    }
}
