namespace Compass.Observability.LoadTesting;

/// <summary>One request to send: its number, its prompt and the lengths it was built for.</summary>
internal sealed record PlannedRequest(int Id, string Prompt, int PromptTokens, int OutputTokens);
