namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/extract</c>.</summary>
/// <param name="Text">The description.</param>
internal sealed record ExtractRequest(string? Text);
