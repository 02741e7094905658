using System.Buffers;
using System.Text.Json;

namespace Compass.Simulator.Protocol;

/// <summary>Writes OpenAI's completion and chat-completion bodies and streaming events.</summary>
internal sealed class ResponseWriter(bool chat, string id, long created, string model)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public bool IsChat => chat;

    private string Object => chat ? "chat.completion" : "text_completion";

    private string ChunkObject => chat ? "chat.completion.chunk" : "text_completion";

    public byte[] Full(string text, string finishReason, int promptTokens, int completionTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        Head(w, Object);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        if (chat)
        {
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", text);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("text", text);
        }

        w.WriteNull("logprobs");
        w.WriteString("finish_reason", finishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        Usage(w, promptTokens, completionTokens);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes one SSE event with a streaming chunk of one piece of text (for chat: the delta; <paramref name="role"/> only
    /// in the first) straight into <paramref name="output"/>; <paramref name="json"/> writes to the same output and is reused.
    /// </summary>
    public void Chunk(IBufferWriter<byte> output, Utf8JsonWriter json, string? text, bool role, string? finishReason, bool includeUsage)
    {
        Begin(output, json);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (chat)
        {
            json.WriteStartObject("delta");
            if (role)
            {
                json.WriteString("role", "assistant");
            }

            if (text is not null)
            {
                json.WriteString("content", text);
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", text ?? string.Empty);
        }

        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        if (includeUsage)
        {
            json.WriteNull("usage");
        }

        End(output, json);
    }

    /// <summary>Writes the final usage-only event of <c>stream_options.include_usage</c>: empty choices, the usage.</summary>
    public void UsageChunk(IBufferWriter<byte> output, Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        Begin(output, json);
        json.WriteStartArray("choices");
        json.WriteEndArray();
        Usage(json, promptTokens, completionTokens);
        End(output, json);
    }

    private static void Usage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }

    private void Begin(IBufferWriter<byte> output, Utf8JsonWriter json)
    {
        output.Write(DataPrefix);
        json.Reset();
        json.WriteStartObject();
        Head(json, ChunkObject);
    }

    private static void End(IBufferWriter<byte> output, Utf8JsonWriter json)
    {
        json.WriteEndObject();
        json.Flush();
        output.Write(EventEnd);
    }

    private void Head(Utf8JsonWriter w, string type)
    {
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }
}
