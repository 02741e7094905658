using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Compass.Simulator.Protocol;

/// <summary>Parses and checks a completion body the way vLLM's OpenAI server does, naming the offending field in each 400.</summary>
internal static class CompletionRequestParser
{
    /// <summary>Prompt tokens the chat template adds per message (role header and separators).</summary>
    public const int TokensPerMessage = 4;

    /// <summary>Prompt tokens the chat template adds to open the assistant's reply.</summary>
    public const int TokensPerReply = 3;

    public static CompletionRequest Parse(ReadOnlyMemory<byte> body, bool chat)
    {
        if (!Utf8.IsValid(body.Span))
        {
            throw OpenAiException.BadRequest("The request body is not valid UTF-8; send JSON encoded as UTF-8.");
        }

        try
        {
            return ParseJson(body, chat);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString refuses escapes that are not Unicode text, such as a lone surrogate.
            throw OpenAiException.BadRequest("The request body holds a string that is not valid Unicode (for example an unpaired surrogate escape such as \\ud800).");
        }
    }

    private static CompletionRequest ParseJson(ReadOnlyMemory<byte> body, bool chat)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw OpenAiException.BadRequest($"The request body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw OpenAiException.BadRequest("The request body must be a JSON object.");
            }

            var model = OptionalString(root, "model");
            var n = OptionalInt(root, "n");
            if (n is { } count && count != 1)
            {
                throw OpenAiException.BadRequest("Only n=1 is supported by this server.", "n");
            }

            if (OptionalInt(root, "best_of") is > 1)
            {
                throw OpenAiException.BadRequest("Only best_of=1 is supported by this server.", "best_of");
            }

            RejectUnsimulated(root, chat);
            var maxTokensField = chat && root.TryGetProperty("max_completion_tokens", out var completionTokens) && completionTokens.ValueKind != JsonValueKind.Null
                ? "max_completion_tokens"
                : "max_tokens";
            var maxTokens = OptionalInt(root, maxTokensField);
            if (maxTokens is < 1)
            {
                throw OpenAiException.BadRequest($"{maxTokensField} must be at least 1.", maxTokensField);
            }

            var stream = OptionalBool(root, "stream") ?? false;
            var includeUsage = false;
            if (root.TryGetProperty("stream_options", out var options) && options.ValueKind != JsonValueKind.Null)
            {
                if (options.ValueKind != JsonValueKind.Object)
                {
                    throw OpenAiException.BadRequest("stream_options must be an object.", "stream_options");
                }

                if (!stream)
                {
                    throw OpenAiException.BadRequest("stream_options is only allowed when stream is true.", "stream_options");
                }

                includeUsage = OptionalBool(options, "include_usage", "stream_options.include_usage") ?? false;
            }

            CompletionFieldChecks.Check(root, chat);
            var stop = Stop(root);
            var ignoreEos = OptionalBool(root, "ignore_eos") ?? false;
            var request = chat
                ? Chat(root, model, maxTokens, stream, includeUsage, stop, ignoreEos)
                : Completion(root, model, maxTokens, stream, includeUsage, stop, ignoreEos);
            return request with { MaxTokensField = maxTokensField };
        }
    }

    private static CompletionRequest Completion(JsonElement root, string? model, int? maxTokens, bool stream, bool includeUsage, IReadOnlyList<string> stop, bool ignoreEos)
    {
        if (!root.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            throw OpenAiException.BadRequest("prompt is required.", "prompt");
        }

        string text;
        int? ids = null;
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                text = prompt.GetString()!;
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() == 0:
                throw OpenAiException.BadRequest("prompt must not be empty.", "prompt");
            case JsonValueKind.Array when prompt.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var id) && id >= 0):
                ids = prompt.GetArrayLength();
                text = string.Join(' ', prompt.EnumerateArray().Select(e => e.GetRawText()));
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String:
                text = prompt[0].GetString()!;
                break;
            case JsonValueKind.Array:
                throw OpenAiException.BadRequest("prompt must be a string, one string in an array, or an array of token ids; batched prompts are not supported.", "prompt");
            default:
                throw OpenAiException.BadRequest("prompt must be a string or an array of token ids.", "prompt");
        }

        return new CompletionRequest
        {
            Chat = false, Model = model, PromptText = text, EchoText = text, PromptTokenIds = ids, MaxTokens = maxTokens,
            Stream = stream, IncludeUsage = includeUsage, Stop = stop, IgnoreEos = ignoreEos,
        };
    }

    // Features that change what a response contains, which the simulator cannot produce: refused, never silently dropped.
    private static void RejectUnsimulated(JsonElement root, bool chat)
    {
        var wantsLogprobs = root.TryGetProperty("logprobs", out var logprobs) && (chat
            ? logprobs.ValueKind == JsonValueKind.True
            : logprobs.ValueKind == JsonValueKind.Number);
        if (wantsLogprobs || (chat && OptionalInt(root, "top_logprobs") is > 0))
        {
            throw OpenAiException.BadRequest("This simulator does not produce logprobs; leave logprobs (and top_logprobs) unset.", "logprobs");
        }

        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && !(format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("text")))
        {
            throw OpenAiException.BadRequest("This simulator answers with placeholder text and cannot follow a JSON response_format; leave response_format unset or use {\"type\": \"text\"}.", "response_format");
        }

        if (chat && root.TryGetProperty("tool_choice", out var toolChoice)
            && (toolChoice.ValueKind == JsonValueKind.Object || (toolChoice.ValueKind == JsonValueKind.String && toolChoice.ValueEquals("required"))))
        {
            throw OpenAiException.BadRequest("This simulator answers with text only and cannot force a tool call; use tool_choice \"auto\" or \"none\", or leave it unset.", "tool_choice");
        }
    }

    private static CompletionRequest Chat(JsonElement root, string? model, int? maxTokens, bool stream, bool includeUsage, IReadOnlyList<string> stop, bool ignoreEos)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw OpenAiException.BadRequest("messages is required and must be an array.", "messages");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw OpenAiException.BadRequest("messages must not be empty.", "messages");
        }

        var all = new StringBuilder();
        var lastUser = string.Empty;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw OpenAiException.BadRequest($"{at} must be an object.", at);
            }

            var role = OptionalString(message, "role", $"{at}.role")
                ?? throw OpenAiException.BadRequest($"{at}.role is required.", $"{at}.role");
            if (role is not ("system" or "user" or "assistant" or "tool" or "developer"))
            {
                throw OpenAiException.BadRequest($"{at}.role '{role}' is not one of system, user, assistant, tool, developer.", $"{at}.role");
            }

            var content = Content(message, $"{at}.content");
            all.Append(content).Append('\n');
            if (role == "user")
            {
                lastUser = content;
            }
        }

        return new CompletionRequest
        {
            Chat = true, Model = model, PromptText = all.ToString(), EchoText = lastUser, MaxTokens = maxTokens, Stream = stream,
            IncludeUsage = includeUsage, Stop = stop, IgnoreEos = ignoreEos,
            TemplateTokens = (TokensPerMessage * messages.GetArrayLength()) + TokensPerReply,
        };
    }

    private static string Content(JsonElement message, string at)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw OpenAiException.BadRequest($"{at} must be a string or an array of content parts.", at);
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || OptionalString(part, "type", at) != "text")
            {
                throw OpenAiException.BadRequest($"{at}: only text content parts are supported.", at);
            }

            text.Append(OptionalString(part, "text", at));
        }

        return text.ToString();
    }

    private static List<string> Stop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind == JsonValueKind.Array && stop.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return [.. stop.EnumerateArray().Select(e => e.GetString()!)];
        }

        throw OpenAiException.BadRequest("stop must be a string or an array of strings.", "stop");
    }

    private static string? OptionalString(JsonElement obj, string name, string? param = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw OpenAiException.BadRequest($"{param ?? name} must be a string.", param ?? name);
    }

    private static int? OptionalInt(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw OpenAiException.BadRequest($"{name} must be an integer.", name);
    }

    private static bool? OptionalBool(JsonElement obj, string name, string? param = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw OpenAiException.BadRequest($"{param ?? name} must be a boolean.", param ?? name),
        };
    }
}
