using System.Net;
using System.Text;
using System.Text.Json;

namespace Compass.Simulator.Tests;

public sealed class ProtocolTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var error = root.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        return error;
    }

    [Fact]
    public async Task Models_ListsTheServedModel()
    {
        await using var server = await TestServer.StartAsync();
        var root = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/models")).RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        var model = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal(TestServer.ModelName, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal(4096, model.GetProperty("max_model_len").GetInt32());
    }

    [Fact]
    public async Task Chat_NonStreaming_ReturnsMessageAndUsage()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync("/v1/chat/completions",
            Json("""{"model":"test-model","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}],"max_tokens":7}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal(TestServer.ModelName, root.GetProperty("model").GetString());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(7, usage.GetProperty("completion_tokens").GetInt32());
        // "be| brief|\nhello| there\n": 4 content tokens, 4 per message and 3 for the reply.
        Assert.Equal(4 + (2 * 4) + 3, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 7, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_WithoutModel_UsesTheServedOne()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"one two three","max_tokens":4}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(4, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_TokenIdPrompt_CountsTheIds()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":[1,2,3,4,5],"max_tokens":2}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_Chat_FollowsTheChunkFormat_AndMatchesNonStreaming()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseMode = ResponseMode.Echo);
        const string body = """{"model":"test-model","messages":[{"role":"user","content":"the quick brown fox jumps"}],"max_tokens":50,"stream":true,"stream_options":{"include_usage":true}}""";
        using var response = await server.PostAsync("/v1/chat/completions", Json(body));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var (chunks, done) = await Sse.ReadAllAsync(response);
        Assert.True(done);

        var first = chunks[0];
        Assert.Equal("chat.completion.chunk", first.GetProperty("object").GetString());
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(chunks, c => Assert.Equal(first.GetProperty("id").GetString(), c.GetProperty("id").GetString()));

        var content = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Aggregate(string.Empty, (text, d) => text + d.GetProperty("content").GetString());
        Assert.Equal("the quick brown fox jumps", content);

        var withChoices = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1).ToList();
        Assert.All(withChoices, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        Assert.Equal("stop", withChoices[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(withChoices.SkipLast(1), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));

        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        Assert.Equal(5, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(withChoices.Count - 1, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        using var plain = await server.PostAsync("/v1/chat/completions", Json(body.Replace("\"stream\":true,\"stream_options\":{\"include_usage\":true}", "\"stream\":false", StringComparison.Ordinal)));
        var message = JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(content, message.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Streaming_WithoutIncludeUsage_HasNoUsage()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"hi","max_tokens":3,"stream":true}"""));
        var (chunks, done) = await Sse.ReadAllAsync(response);
        Assert.True(done);
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Stop_CutsTheAnswerBeforeTheStopString()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseMode = ResponseMode.Echo);
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"alpha beta gamma delta","stop":[" gamma","zzz"],"max_tokens":50}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("alpha beta", root.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("stop", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task IgnoreEos_GeneratesExactlyMaxTokens()
    {
        await using var server = await TestServer.StartAsync(o => o.ResponseMode = ResponseMode.Echo);
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"short","max_tokens":40,"ignore_eos":true}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(40, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("length", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Theory]
    [InlineData("/v1/chat/completions", "{not json", null)]
    [InlineData("/v1/chat/completions", "[1,2]", null)]
    [InlineData("/v1/chat/completions", """{"messages":"hi"}""", "messages")]
    [InlineData("/v1/chat/completions", """{"messages":[]}""", "messages")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_tokens":"ten"}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"stream":"yes"}""", "stream")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"n":2}""", "n")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"stop":5}""", "stop")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}""", "stream_options")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"logprobs":true}""", "logprobs")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"top_logprobs":3}""", "logprobs")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"tools":[],"tool_choice":"required"}""", "tool_choice")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"function","function":{"name":"f"}}}""", "tool_choice")]
    [InlineData("/v1/completions", """{"prompt":"x","logprobs":0}""", "logprobs")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""", "response_format")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{}}}}""", "response_format")]
    [InlineData("/v1/completions", """{"max_tokens":3}""", "prompt")]
    [InlineData("/v1/completions", """{"prompt":["a","b"]}""", "prompt")]
    [InlineData("/v1/completions", """{"prompt":"x","model":7}""", "model")]
    public async Task MalformedRequests_Get400WithTheOffendingField(string path, string body, string? param)
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        if (param is null)
        {
            Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        }
        else
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_tokens":2,"logprobs":false,"top_logprobs":0,"tool_choice":"auto"}""")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_tokens":2,"logprobs":null,"tool_choice":"none"}""")]
    [InlineData("/v1/completions", """{"prompt":"x","max_tokens":2,"logprobs":null}""")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"x"}],"max_tokens":2,"response_format":{"type":"text"}}""")]
    public async Task OptionsThatAskForNothingExtra_AreAccepted(string path, string body)
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownModel_Gets404()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.PostAsync("/v1/completions", Json("""{"model":"gpt-nope","prompt":"x"}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task PromptPlusMaxTokensOverMaxModelLen_Gets400LikeVllm()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxModelLen = 100);
        using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"a b c d e f g h i j","max_tokens":95}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Contains("maximum context length is 100 tokens", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("your request has 10 input tokens (95 > 100 - 10)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("max_tokens", error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("/v1/completions", """{"prompt":"hi","max_tokens":2147483647}""", "max_tokens")]
    [InlineData("/v1/completions", """{"prompt":"hi","max_tokens":2147483647,"ignore_eos":true,"stream":true}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_tokens":2147483647}""", "max_tokens")]
    [InlineData("/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":2147483647}""", "max_completion_tokens")]
    [InlineData("/v1/completions", """{"prompt":"hi","max_tokens":4096}""", "max_tokens")]
    public async Task MaxTokensBeyondTheContext_Gets400NamingTheFieldAndTheLimit(string path, string body, string param)
    {
        const int MaxModelLen = 4096;
        await using var server = await TestServer.StartAsync(o => o.MaxModelLen = MaxModelLen);
        using var response = await server.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal(param, error.GetProperty("param").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(param, message, StringComparison.Ordinal);
        Assert.Contains($"maximum context length is {MaxModelLen} tokens", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizeBody_Gets413()
    {
        await using var server = await TestServer.StartAsync(o => o.MaxRequestBodyBytes = 1000);
        var big = "{\"prompt\":\"" + new string('a', 5000) + "\"}";
        using var response = await server.PostAsync("/v1/completions", Json(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorOf(response)).GetProperty("code").GetString());

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        using var second = await server.Client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheHostServersOwnLimit_Gets413InOpenAiShape_Not500()
    {
        // The app's Kestrel keeps its default 30 MB body limit while the simulator allows more: Kestrel refuses first.
        await using var server = await TestServer.StartAsync(o => o.MaxRequestBodyBytes = 64 * 1024 * 1024);
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"prompt\":\"" + new string('a', 31_000_000) + "\"}"))),
        };
        chunked.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Health_IsAlwaysUp()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
