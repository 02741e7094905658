using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// Sends one streaming request to an OpenAI-compatible server and measures it from the SSE stream: the time of each
/// content chunk is read from <see cref="TimeProvider.GetTimestamp"/> (monotonic) as the chunk's line is parsed.
/// </summary>
internal sealed class OpenAiStreamClient(HttpClient http, TimeProvider time)
{
    private const int MaxErrorText = 300;

    public async Task<RequestRecord> SendAsync(LoadTestOptions options, PlannedRequest request, long benchmarkStart, double scheduledSeconds, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var chunks = new List<long>();
        var start = time.GetTimestamp();
        var measure = new Measurement(time, request, benchmarkStart, scheduledSeconds, start, chunks);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, options.RequestUri())
            {
                Content = new StringContent(Body(options, request), Encoding.UTF8, "application/json"),
            };
            if (options.ApiKey is { Length: > 0 } key)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var text = await ReadSomeAsync(response, timeout.Token).ConfigureAwait(false);
                return measure.Failed(RequestOutcome.Errored, "http_" + status.ToString(CultureInfo.InvariantCulture), $"HTTP {status} {response.ReasonPhrase}: {text}", status);
            }

            if (response.Content.Headers.ContentType?.MediaType is { } media && !media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                var text = await ReadSomeAsync(response, timeout.Token).ConfigureAwait(false);
                return measure.Failed(RequestOutcome.Errored, "invalid_response", $"expected an SSE stream (text/event-stream) but got {media}: {text}", status);
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return await ReadStreamAsync(reader, measure, status, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return measure.Failed(RequestOutcome.Incomplete, "cancelled", "the load test was cancelled");
        }
        catch (OperationCanceledException)
        {
            return measure.Failed(RequestOutcome.Incomplete, "timeout", string.Create(CultureInfo.InvariantCulture, $"no complete response within {options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex) when (chunks.Count == 0 && ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return measure.Failed(RequestOutcome.Errored, "connection", $"cannot connect to {options.RequestUri().GetLeftPart(UriPartial.Authority)}: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return measure.Failed(RequestOutcome.Errored, chunks.Count == 0 ? "connection" : "truncated_stream", ex.Message);
        }
    }

    internal static string Body(LoadTestOptions options, PlannedRequest request)
    {
        var body = new JsonObject { ["model"] = options.Model };
        if (options.Api == LoadApi.Completions)
        {
            body["prompt"] = request.Prompt;
        }
        else
        {
            body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = request.Prompt });
        }

        body["max_tokens"] = request.OutputTokens;
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        if (options.IgnoreEos)
        {
            body["ignore_eos"] = true;
        }

        return body.ToJsonString();
    }

    private static async Task<RequestRecord> ReadStreamAsync(StreamReader reader, Measurement measure, int status, CancellationToken cancellationToken)
    {
        int? promptTokens = null, completionTokens = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0 || line[0] == ':' || line.StartsWith("event:", StringComparison.Ordinal) || line.StartsWith("id:", StringComparison.Ordinal)
                || line.StartsWith("retry:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                return measure.Failed(RequestOutcome.Errored, "invalid_response", "not an SSE stream: " + Clip(line), status);
            }

            var json = line.AsMemory(5).Trim();
            if (json.Span.SequenceEqual("[DONE]"))
            {
                return measure.Completed(promptTokens, completionTokens, status);
            }

            // A read-only document over the line (no tree of nodes): a thousand streams parse tens of thousands of chunks a second.
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                return measure.Failed(RequestOutcome.Errored, "invalid_response", "an SSE event is not JSON: " + Clip(json.ToString()), status);
            }

            using (document)
            {
                var chunk = document.RootElement;
                if (chunk.ValueKind != JsonValueKind.Object)
                {
                    return measure.Failed(RequestOutcome.Errored, "invalid_response", "an SSE event is not a JSON object: " + Clip(json.ToString()), status);
                }

                if (chunk.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                {
                    var text = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
                        ? m.ToString()
                        : error.GetRawText();
                    return measure.Failed(RequestOutcome.Errored, "server_error", "the server reported an error mid-stream: " + Clip(text), status);
                }

                if (HasContent(chunk))
                {
                    measure.Chunk();
                }

                if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    promptTokens = Int(usage, "prompt_tokens") ?? promptTokens;
                    completionTokens = Int(usage, "completion_tokens") ?? completionTokens;
                }
            }
        }

        return measure.Failed(RequestOutcome.Errored, "truncated_stream", "the stream ended without 'data: [DONE]'", status);
    }

    private static bool HasContent(JsonElement chunk)
    {
        if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || choices[0] is not { ValueKind: JsonValueKind.Object } choice)
        {
            return false;
        }

        if (choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return !text.ValueEquals(string.Empty);
        }

        return choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
            && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && !content.ValueEquals(string.Empty);
    }

    private static int? Int(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Clip(text);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "(no body)";
        }
    }

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxErrorText ? line : line[..MaxErrorText] + "…";
    }

    /// <summary>The clock readings of one request, turned into a <see cref="RequestRecord"/>.</summary>
    private sealed class Measurement(TimeProvider time, PlannedRequest request, long benchmarkStart, double scheduledSeconds, long start, List<long> chunks)
    {
        public void Chunk() => chunks.Add(time.GetTimestamp());

        public RequestRecord Completed(int? promptTokens, int? completionTokens, int status)
        {
            var end = time.GetTimestamp();
            if (chunks.Count == 0)
            {
                return Failed(RequestOutcome.Errored, "no_tokens", "the stream completed without any content", status, end);
            }

            return StreamTiming.Record(time, request, benchmarkStart, scheduledSeconds, start, chunks, end, promptTokens, completionTokens) with { StatusCode = status };
        }

        public RequestRecord Failed(RequestOutcome outcome, string kind, string error, int? status = null, long? at = null)
        {
            var end = at ?? time.GetTimestamp();
            return StreamTiming.Record(time, request, benchmarkStart, scheduledSeconds, start, chunks, end, null, null) with
            {
                Outcome = outcome,
                ErrorKind = kind,
                Error = Clip(error),
                StatusCode = status,
            };
        }
    }
}
