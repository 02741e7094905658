using Compass.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compass.Api.Endpoints;

/// <summary>Ready when the knowledge base's catalog can be read.</summary>
internal sealed class KnowledgeBaseReadyCheck(IKnowledgeBase knowledgeBase) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var catalog = await knowledgeBase.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{catalog.Models.Length} models, {catalog.Gpus.Length} GPUs");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The knowledge base cannot be read: " + ex.Message);
        }
    }
}
