using System.Text.Json;

namespace Compass.Simulator.Tests;

/// <summary>Reads a server-sent-event stream: each <c>data:</c> line as JSON, until <c>[DONE]</c>.</summary>
internal static class Sse
{
    public static async Task<(List<JsonElement> Chunks, bool Done)> ReadAllAsync(HttpResponseMessage response)
    {
        var chunks = new List<JsonElement>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                Assert.Null(await reader.ReadLineAsync() is { Length: > 0 } extra ? extra : null);
                return (chunks, true);
            }

            chunks.Add(JsonDocument.Parse(data).RootElement.Clone());
        }

        return (chunks, false);
    }
}
