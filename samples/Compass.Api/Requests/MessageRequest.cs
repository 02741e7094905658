using System.Text.Json;

namespace Compass.Api.Requests;

/// <summary>A conversation message, with the client-held state for stateless use.</summary>
/// <param name="Message">The user's message.</param>
/// <param name="State">The state returned by the previous reply (stateless use only).</param>
internal sealed record MessageRequest(string? Message, JsonElement? State = null);
