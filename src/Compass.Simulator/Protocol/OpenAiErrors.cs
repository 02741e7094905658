using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Compass.Simulator.Protocol;

/// <summary>Writes OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAiErrors
{
    public static async Task WriteAsync(HttpContext context, OpenAiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Serialize(error), context.RequestAborted).ConfigureAwait(false);
    }

    public static byte[] Serialize(OpenAiException error)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", error.Message);
            w.WriteString("type", error.Type);
            Nullable(w, "param", error.Param);
            Nullable(w, "code", error.Code);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
