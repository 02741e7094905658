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
