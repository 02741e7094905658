namespace Compass.Ai.Tests.Server;

/// <summary>One message of a recorded <c>/api/chat</c> request.</summary>
/// <param name="Role">The role.</param>
/// <param name="Content">The text.</param>
public sealed record RecordedMessage(string Role, string Content);
