using System.Text;
using System.Text.Json.Nodes;

namespace Compass.Simulator.Tests.Fuzz;

/// <summary>One malformed request: where it goes, its bytes and content type, and the error it must get.</summary>
/// <param name="Name">What is wrong, for the test report.</param>
/// <param name="Path">The endpoint.</param>
/// <param name="Body">The body's bytes.</param>
/// <param name="ContentType">The Content-Type header (null: none).</param>
/// <param name="Param">The field the error must name (its <c>param</c> starts with it), or null when no field is to blame.</param>
/// <param name="Status">The status it must get.</param>
internal sealed record BadRequestBody(string Name, string Path, byte[] Body, string? ContentType, string? Param, int Status)
{
    public override string ToString() => Name;
}

/// <summary>
/// Generates malformed completion and chat-completion bodies, deterministically from a seed: truncated JSON, every
/// known field with values of the wrong type or out of range, nulls where a value is required, deep nesting, huge
/// strings, bytes that are not UTF-8 and wrong content types.
/// </summary>
internal static class BadRequestBodies
{
    public const string Completions = "/v1/completions";
    public const string Chat = "/v1/chat/completions";

    /// <summary>The request-body limit the server under test runs with.</summary>
    public const int BodyLimit = 1024 * 1024;

    // Values of every JSON kind; each field below picks the ones it must refuse.
    private static readonly string[] Anything = ["7", "-1", "0", "1.5", "1e400", "99999999999999999999", "\"text\"", "\"\"", "true", "false", "[]", "{}", "[1,\"a\"]", "{\"a\":{\"b\":[]}}"];

    private static readonly string[] NotAString = ["7", "1.5", "true", "[]", "{}", "[\"a\"]"];
    private static readonly string[] NotABoolean = ["1", "0", "\"true\"", "\"yes\"", "[]", "{}"];
    private static readonly string[] NotAPositiveInt = ["0", "-1", "-2147483649", "2147483648", "1.5", "1e400", "99999999999999999999", "\"10\"", "true", "[]", "{}"];
    private static readonly string[] NotANumber = ["\"hot\"", "true", "[]", "{}", "\"1\""];

    public static IReadOnlyList<BadRequestBody> Generate(int seed)
    {
        var random = new Random(seed);
        var cases = new List<BadRequestBody>();
        foreach (var path in new[] { Completions, Chat })
        {
            var chat = path == Chat;
            var main = chat ? "messages" : "prompt";
            WrongFields(cases, path, chat);
            Truncations(cases, path, chat, random);
            NotJson(cases, path, random);

            cases.Add(Case($"{path}: {main} missing", path, Without(Valid(chat), main), main));
            cases.Add(Case($"{path}: {main} null", path, With(Valid(chat), main, "null"), main));
            foreach (var depth in new[] { 20, 50, 70, 200, 5000 })
            {
                var nested = new string('[', depth) + new string(']', depth);
                cases.Add(Case($"{path}: {main} nested {depth} deep", path, Raw(Valid(chat), main, nested), depth > 64 ? null : main));
            }

            // A prompt larger than the context (400 naming it) and a body larger than the limit (413).
            var longText = RandomText(random, 200_000);
            cases.Add(Case($"{path}: {main} longer than the context", path, chat ? Raw(Valid(chat), "messages", Messages(longText)) : With(Valid(chat), "prompt", Quote(longText)), main));
            var hugeText = RandomText(random, BodyLimit + 10);
            cases.Add(Case($"{path}: body over the limit", path, With(Valid(chat), chat ? "user" : "prompt", Quote(hugeText)), null, 413));

            foreach (var bytes in new[] { new byte[] { 0xff, 0xfe }, [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf] })
            {
                cases.Add(new BadRequestBody($"{path}: {main} with bytes {Convert.ToHexString(bytes)} that are not UTF-8", path, NotUtf8(chat, bytes), "application/json", null, 400));
            }

            foreach (var escape in new[] { "\\ud800", "\\udc00x", "\\ud800\\ud800" })
            {
                cases.Add(Case($"{path}: {main} with the unpaired surrogate escape {escape}", path, chat ? Raw(Valid(chat), "messages", Messages(escape, raw: true)) : Raw(Valid(chat), "prompt", $"\"{escape}\""), null));
            }

            foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "image/png" })
            {
                cases.Add(new BadRequestBody($"{path}: content type {type}", path, Encoding.UTF8.GetBytes(Valid(chat).ToJsonString()), type, null, 415));
            }
        }

        return cases;
    }

    private static void WrongFields(List<BadRequestBody> cases, string path, bool chat)
    {
        void Field(string name, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                cases.Add(Case($"{path}: {name} = {Cut(value)}", path, Raw(Valid(chat), name, value), name));
            }
        }

        Field("model", NotAString);
        Field("max_tokens", NotAPositiveInt);
        Field("stream", NotABoolean);
        Field("stream_options", ["1", "\"x\"", "[]"]);
        var streaming = Valid(chat);
        streaming["stream"] = true;
        cases.Add(Case($"{path}: stream_options.include_usage = \"yes\"", path, Raw(streaming, "stream_options", "{\"include_usage\":\"yes\"}"), "stream_options"));
        Field("stop", ["5", "true", "{}", "[1]", "[null]", "[[\"a\"]]"]);
        Field("n", ["2", "0", "-1", "\"1\"", "1.5", "true"]);
        Field("best_of", ["2", "0", "-1", "\"1\"", "1.5"]);
        Field("temperature", [.. NotANumber, "-0.5", "1e400"]);
        Field("top_p", [.. NotANumber, "0", "-1", "1.5", "1e400"]);
        Field("seed", [.. NotANumber, "1.5", "1e400"]);
        Field("frequency_penalty", [.. NotANumber, "-3", "2.5"]);
        Field("presence_penalty", [.. NotANumber, "-3", "2.5"]);
        Field("ignore_eos", NotABoolean);
        Field("response_format", ["\"json\"", "5", "[]", "{}", "{\"type\":5}"]);
        Field("user", NotAString);
        if (chat)
        {
            Field("max_completion_tokens", NotAPositiveInt);
            Field("logprobs", ["1", "\"true\"", "[]", "{}"]);
            Field("top_logprobs", ["-1", "1.5", "\"3\"", "true"]);
            Field("tool_choice", ["5", "\"maybe\"", "[]", "true"]);
            Field("tools", ["\"x\"", "5", "{}", "true"]);
            Field("messages", ["\"hi\"", "5", "{}", "[]", "[5]", "[\"x\"]", "[[]]"]);
            foreach (var message in new[]
            {
                "{\"content\":\"x\"}", "{\"role\":5,\"content\":\"x\"}", "{\"role\":\"wizard\",\"content\":\"x\"}", "{\"role\":null,\"content\":\"x\"}",
                "{\"role\":\"user\",\"content\":5}", "{\"role\":\"user\",\"content\":true}", "{\"role\":\"user\",\"content\":{}}",
                "{\"role\":\"user\",\"content\":[5]}", "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}",
                "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}", "{\"role\":\"user\",\"content\":[{\"type\":5}]}",
            })
            {
                cases.Add(Case($"{path}: messages = [{Cut(message)}]", path, Raw(Valid(chat), "messages", $"[{message}]"), "messages"));
            }
        }
        else
        {
            Field("logprobs", ["true", "\"1\"", "[]", "-1", "1.5"]);
            Field("prompt", ["5", "true", "{}", "[]", "[[1]]", "[\"a\",\"b\"]", "[1.5]", "[-1]", "[1,\"a\"]", "[null]"]);
            Field("echo", NotABoolean);
        }

        foreach (var value in Anything.Where(v => v is not ("{}" or "{\"a\":{\"b\":[]}}")))
        {
            // Not an object at the top.
            cases.Add(new BadRequestBody($"{path}: body = {Cut(value)}", path, Encoding.UTF8.GetBytes(value), "application/json", null, 400));
        }
    }

    private static void Truncations(List<BadRequestBody> cases, string path, bool chat, Random random)
    {
        var full = Valid(chat);
        full["stop"] = new JsonArray("a", "b");
        full["stream"] = false;
        var text = full.ToJsonString();
        // Every proper prefix of an object is invalid JSON: cut at 12 seeded places, and right before the last brace.
        var cuts = Enumerable.Range(0, 12).Select(_ => random.Next(0, text.Length - 1)).Append(text.Length - 1).Distinct();
        foreach (var cut in cuts)
        {
            cases.Add(new BadRequestBody($"{path}: truncated at {cut} of {text.Length}", path, Encoding.UTF8.GetBytes(text[..cut]), "application/json", null, 400));
        }
    }

    private static void NotJson(List<BadRequestBody> cases, string path, Random random)
    {
        foreach (var text in new[] { "{not json", "{\"prompt\":\"x\",}", "{'prompt':'x'}", "{\"prompt\":\"x\"} trailing", "{\"prompt\":\"\\q\"}", "{\"prompt\":NaN}", "<xml/>" })
        {
            cases.Add(new BadRequestBody($"{path}: {text}", path, Encoding.UTF8.GetBytes(text), "application/json", null, 400));
        }

        for (var i = 0; i < 4; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            bytes[0] = (byte)'!';   // never a valid start of JSON
            cases.Add(new BadRequestBody($"{path}: {bytes.Length} random bytes", path, bytes, "application/json", null, 400));
        }
    }

    private static JsonObject Valid(bool chat) => chat
        ? new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }), ["max_tokens"] = 1 }
        : new JsonObject { ["prompt"] = "hi", ["max_tokens"] = 1 };

    private static BadRequestBody Case(string name, string path, byte[] body, string? param, int status = 400)
        => new(name, path, body, "application/json", param, status);

    private static byte[] Without(JsonObject body, string field)
    {
        body.Remove(field);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static byte[] With(JsonObject body, string field, string json) => Raw(body, field, json);

    // Sets a field to raw JSON text, which may be something JsonNode cannot hold (1e400, 5000 levels of nesting).
    private static byte[] Raw(JsonObject body, string field, string json)
    {
        body[field] = "\u0001PLACEHOLDER\u0001";
        var text = body.ToJsonString().Replace("\"\\u0001PLACEHOLDER\\u0001\"", json, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] NotUtf8(bool chat, byte[] bytes)
    {
        var head = Encoding.UTF8.GetBytes(chat ? "{\"messages\":[{\"role\":\"user\",\"content\":\"a" : "{\"prompt\":\"a");
        var tail = Encoding.UTF8.GetBytes(chat ? "b\"}],\"max_tokens\":1}" : "b\",\"max_tokens\":1}");
        return [.. head, .. bytes, .. tail];
    }

    private static string Messages(string content, bool raw = false) => $"[{{\"role\":\"user\",\"content\":{(raw ? $"\"{content}\"" : Quote(content))}}}]";

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string RandomText(Random random, int length)
    {
        const string Letters = "abcdefghij klmnopqrst uvwxyz, ";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Letters[random.Next(Letters.Length)];
        }

        return new string(chars);
    }

    private static string Cut(string value) => value.Length > 30 ? value[..30] + "…" : value;
}
