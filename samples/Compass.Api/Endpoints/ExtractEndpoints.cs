using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Planning.Intent;
using Compass.Planning.Service;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/extract</c>: the intent read from a description, as <c>compass extract --json</c>.</summary>
internal static class ExtractEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/extract", async (ExtractRequest request, PlanningService planning, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Text))
            {
                throw ApiProblemException.Invalid("text", "text is required: the description to read, e.g. \"chatbot for 500 users\".");
            }

            if (request.Text.Length > PlanRunner.MaxDescriptionLength)
            {
                throw ApiProblemException.Invalid("text", $"text is longer than {PlanRunner.MaxDescriptionLength} characters.");
            }

            var extraction = await planning.ExtractAsync(request.Text, cancellationToken: ct);
            return Json.Ok(IntentExtractionJson.ToJsonObject(extraction));
        }).WithTags("Planning").WithSummary("Extract the intent from a description");
    }
}

/// <summary>The body of <c>POST /api/extract</c>.</summary>
/// <param name="Text">The description.</param>
internal sealed record ExtractRequest(string? Text);
