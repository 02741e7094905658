using System.Globalization;
using System.Text.Json;

namespace Compass.Simulator.Protocol;

/// <summary>
/// Type and range checks of the OpenAI request fields the simulator reads only to refuse them when wrong (sampling
/// settings, <c>user</c>, <c>tools</c>…): a wrong value gets a 400 naming the field, as vLLM's request models do, rather
/// than being ignored.
/// </summary>
internal static class CompletionFieldChecks
{
    public static void Check(JsonElement root, bool chat)
    {
        Number(root, "temperature", 0, double.MaxValue, "at least 0");
        Number(root, "top_p", double.Epsilon, 1, "above 0 and at most 1");
        Number(root, "frequency_penalty", -2, 2, "from -2 to 2");
        Number(root, "presence_penalty", -2, 2, "from -2 to 2");
        if (Present(root, "seed", out var seed) && !(seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out _)))
        {
            throw OpenAiException.BadRequest("seed must be an integer.", "seed");
        }

        if (Present(root, "best_of", out var bestOf) && !(bestOf.ValueKind == JsonValueKind.Number && bestOf.TryGetInt32(out var b) && b >= 1))
        {
            throw OpenAiException.BadRequest("best_of must be an integer, at least 1.", "best_of");
        }

        Kind(root, "user", JsonValueKind.String, "a string");
        Kind(root, "response_format", JsonValueKind.Object, "an object such as {\"type\": \"text\"}");
        if (Present(root, "response_format", out var format) && !(format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String))
        {
            throw OpenAiException.BadRequest("response_format.type is required and must be a string.", "response_format.type");
        }

        if (chat)
        {
            Kind(root, "logprobs", JsonValueKind.True, "a boolean");
            if (Present(root, "top_logprobs", out var top) && !(top.ValueKind == JsonValueKind.Number && top.TryGetInt32(out var t) && t >= 0))
            {
                throw OpenAiException.BadRequest("top_logprobs must be an integer, at least 0.", "top_logprobs");
            }

            Kind(root, "tools", JsonValueKind.Array, "an array");
            if (Present(root, "tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Object
                && !(choice.ValueKind == JsonValueKind.String && (choice.ValueEquals("none") || choice.ValueEquals("auto") || choice.ValueEquals("required"))))
            {
                throw OpenAiException.BadRequest("tool_choice must be \"none\", \"auto\", \"required\" or an object naming a function.", "tool_choice");
            }
        }
        else
        {
            if (Present(root, "logprobs", out var logprobs) && !(logprobs.ValueKind == JsonValueKind.Number && logprobs.TryGetInt32(out var l) && l >= 0))
            {
                throw OpenAiException.BadRequest("logprobs must be an integer, at least 0.", "logprobs");
            }

            Kind(root, "echo", JsonValueKind.True, "a boolean");
            if (Present(root, "echo", out var echo) && echo.ValueKind == JsonValueKind.True)
            {
                throw OpenAiException.BadRequest("This simulator does not echo the prompt back; leave echo unset or false.", "echo");
            }
        }
    }

    private static bool Present(JsonElement root, string name, out JsonElement value)
        => root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    // True stands for either boolean.
    private static void Kind(JsonElement root, string name, JsonValueKind kind, string what)
    {
        if (Present(root, name, out var value)
            && !(value.ValueKind == kind || (kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False)))
        {
            throw OpenAiException.BadRequest($"{name} must be {what}.", name);
        }
    }

    private static void Number(JsonElement root, string name, double min, double max, string range)
    {
        if (!Present(root, name, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw OpenAiException.BadRequest($"{name} must be a number.", name);
        }

        if (number < min || number > max)
        {
            throw OpenAiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"{name} must be {range}; got {number}."), name);
        }
    }
}
