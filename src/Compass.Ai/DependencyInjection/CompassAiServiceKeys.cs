namespace Compass.Ai;

/// <summary>The keys under which Compass.Ai registers keyed services.</summary>
public static class CompassAiServiceKeys
{
    /// <summary>
    /// The key of the <see cref="Microsoft.Extensions.AI.IChatClient"/> (and of its <see cref="System.Net.Http.HttpClient"/>)
    /// that <c>AddCompassOllama</c> registers for intent extraction; an application's own unkeyed
    /// <see cref="Microsoft.Extensions.AI.IChatClient"/> is left alone.
    /// </summary>
    public const string IntentChatClient = "Compass.Ai.IntentExtraction";
}
