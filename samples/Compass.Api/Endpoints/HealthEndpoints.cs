using Compass.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Compass.Api.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the knowledge base can be read); open even with an API key.</summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).WithTags("Health");
    }
}

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
