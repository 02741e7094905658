using System.Text.Json;

namespace Compass.Ai.Prompting;

/// <summary>The parts of a prompt that depend only on the catalog.</summary>
/// <param name="System">The system prompt.</param>
/// <param name="Schema">The JSON schema of the answer.</param>
internal sealed record CatalogPrompt(string System, JsonElement Schema);
