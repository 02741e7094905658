using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace Compass.Simulator.Tests.Fuzz;

/// <summary>
/// Feeds the in-process server (real HTTP) hundreds of generated malformed bodies: each must get a 4xx in OpenAI's error
/// shape naming the field to blame, with no stack trace in the body.
/// </summary>
public sealed class BadRequestFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261211;

    [Fact]
    public async Task GeneratedBadBodies_Get4xx_InOpenAiShape_NamingTheField()
    {
        var cases = BadRequestBodies.Generate(Seed);
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        output.WriteLine($"{cases.Count} bad bodies from seed {Seed}");

        await using var server = await TestServer.StartAsync(o => o.MaxRequestBodyBytes = BadRequestBodies.BodyLimit);
        var failures = new List<string>();
        foreach (var bad in cases)
        {
            var problem = await CheckAsync(server, bad);
            if (problem is not null)
            {
                failures.Add($"{bad.Name}: {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} failed (seed {Seed}):\n" + string.Join('\n', failures));
    }

    [Fact]
    public void Generation_IsDeterministic()
    {
        var a = BadRequestBodies.Generate(Seed);
        var b = BadRequestBodies.Generate(Seed);
        Assert.Equal(a.Select(c => (c.Name, Convert.ToHexString(c.Body))), b.Select(c => (c.Name, Convert.ToHexString(c.Body))));
    }

    private static async Task<string?> CheckAsync(TestServer server, BadRequestBody bad)
    {
        using var content = new ByteArrayContent(bad.Body);
        if (bad.ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
        }

        using var response = await server.PostAsync(bad.Path, content);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        if (status != bad.Status)
        {
            return $"status {status}, expected {bad.Status}: {Cut(text)}";
        }

        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            return $"stack trace or exception in the body: {Cut(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"content type {response.Content.Headers.ContentType}";
        }

        JsonElement error;
        try
        {
            error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"not OpenAI's error shape: {Cut(text)}";
        }

        if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("param", out var param) || !error.TryGetProperty("code", out _))
        {
            return $"not OpenAI's error shape: {Cut(text)}";
        }

        if (bad.Param is null)
        {
            return null;
        }

        if (param.ValueKind != JsonValueKind.String || !param.GetString()!.StartsWith(bad.Param, StringComparison.Ordinal))
        {
            return $"param {param}, expected {bad.Param}: {Cut(text)}";
        }

        return message.GetString()!.Contains(param.GetString()!, StringComparison.Ordinal) ? null : $"the message does not name {param}: {message}";
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
