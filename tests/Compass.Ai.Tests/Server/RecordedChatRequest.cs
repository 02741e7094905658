using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Ai.Tests.Server;

/// <summary>A <c>/api/chat</c> request as the fake Ollama server received it.</summary>
public sealed record RecordedChatRequest
{
    /// <summary>Gets the model asked for.</summary>
    public required string Model { get; init; }

    /// <summary>Gets whether the answer is streamed (Ollama's default when <c>stream</c> is absent).</summary>
    public required bool Stream { get; init; }

    /// <summary>Gets the <c>format</c> field: absent, the string <c>json</c> or a schema object.</summary>
    public JsonElement? Format { get; init; }

    /// <summary>Gets the <c>options</c> field.</summary>
    public JsonElement? Options { get; init; }

    /// <summary>Gets the messages.</summary>
    public required ImmutableArray<RecordedMessage> Messages { get; init; }

    /// <summary>Gets the whole body.</summary>
    public required JsonElement Body { get; init; }

    /// <summary>Gets whether <see cref="Format"/> is what Ollama accepts: absent, "json", or a JSON schema object.</summary>
    public bool FormatIsValid => Format switch
    {
        null => true,
        { ValueKind: JsonValueKind.String } f => f.GetString() == "json",
        { ValueKind: JsonValueKind.Object } f => f.TryGetProperty("type", out _),
        _ => false,
    };

    /// <summary>Gets whether a JSON schema was sent.</summary>
    public bool HasSchema => Format is { ValueKind: JsonValueKind.Object };

    /// <summary>Gets the last user message.</summary>
    public string LastUserMessage => Messages.Last(m => m.Role == "user").Content;

    /// <summary>Reads a request body.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The request.</returns>
    public static RecordedChatRequest From(JsonElement body)
    {
        static JsonElement? Optional(JsonElement body, string name)
            => body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;

        var messages = body.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(m => new RecordedMessage(
                m.TryGetProperty("role", out var r) ? r.GetString() ?? string.Empty : string.Empty,
                m.TryGetProperty("content", out var c) ? c.GetString() ?? string.Empty : string.Empty)).ToImmutableArray()
            : [];
        return new RecordedChatRequest
        {
            Model = body.TryGetProperty("model", out var model) ? model.GetString() ?? string.Empty : string.Empty,
            Stream = !(body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.False),
            Format = Optional(body, "format"),
            Options = Optional(body, "options"),
            Messages = messages,
            Body = body.Clone(),
        };
    }
}
