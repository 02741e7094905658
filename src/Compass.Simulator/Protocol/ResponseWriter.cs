using System.Text.Json;

namespace Compass.Simulator.Protocol;

/// <summary>Writes OpenAI's completion and chat-completion bodies and streaming chunks.</summary>
internal sealed class ResponseWriter(bool chat, string id, long created, string model)
{
    public bool IsChat => chat;

    private string Object => chat ? "chat.completion" : "text_completion";

    public byte[] Full(string text, string finishReason, int promptTokens, int completionTokens)
        => Write(w =>
        {
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
        });

    /// <summary>A streaming chunk with one piece of text (for chat: the delta; <paramref name="role"/> only in the first).</summary>
    public byte[] Chunk(string? text, bool role, string? finishReason, bool includeUsage)
        => Write(w =>
        {
            Head(w, chat ? "chat.completion.chunk" : "text_completion");
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            if (chat)
            {
                w.WriteStartObject("delta");
                if (role)
                {
                    w.WriteString("role", "assistant");
                }

                if (text is not null)
                {
                    w.WriteString("content", text);
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteString("text", text ?? string.Empty);
            }

            w.WriteNull("logprobs");
            if (finishReason is null)
            {
                w.WriteNull("finish_reason");
            }
            else
            {
                w.WriteString("finish_reason", finishReason);
            }

            w.WriteEndObject();
            w.WriteEndArray();
            if (includeUsage)
            {
                w.WriteNull("usage");
            }
        });

    /// <summary>The final usage-only chunk of <c>stream_options.include_usage</c>: empty choices, the usage.</summary>
    public byte[] UsageChunk(int promptTokens, int completionTokens)
        => Write(w =>
        {
            Head(w, chat ? "chat.completion.chunk" : "text_completion");
            w.WriteStartArray("choices");
            w.WriteEndArray();
            Usage(w, promptTokens, completionTokens);
        });

    private static void Usage(Utf8JsonWriter w, int promptTokens, int completionTokens)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", promptTokens);
        w.WriteNumber("completion_tokens", completionTokens);
        w.WriteNumber("total_tokens", promptTokens + completionTokens);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private void Head(Utf8JsonWriter w, string type)
    {
        w.WriteString("id", id);
        w.WriteString("object", type);
        w.WriteNumber("created", created);
        w.WriteString("model", model);
    }
}
