using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Compass.Observability.LoadTesting;

namespace Compass.Observability.Reporting;

/// <summary>
/// Writes a <see cref="LoadTestReport"/> as JSON in GuideLLM's benchmark report layout (snake_case): a top-level
/// <c>benchmarks[]</c>, each with <c>config.strategy</c>, <c>start_time</c>/<c>end_time</c> (Unix seconds),
/// <c>metrics</c> (each metric split into <c>successful</c>/<c>incomplete</c>/<c>errored</c>/<c>total</c> summaries of
/// <c>mean</c>, <c>median</c>, <c>mode</c>, <c>variance</c>, <c>std_dev</c>, <c>min</c>, <c>max</c>, <c>count</c>,
/// <c>total_sum</c> and <c>percentiles</c> p001…p999) and <c>requests</c> by status. What GuideLLM has no field for
/// (pooled token gaps, errors by kind, server histograms) sits under each benchmark's <c>compass</c> object.
/// </summary>
public static class GuideLlmReport
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the report as JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="includeRequests">Whether to include every request (GuideLLM does); false keeps only the metrics.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string ToJson(LoadTestReport report, bool includeRequests = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type_", "generative_benchmarks_report");
            json.WriteStartObject("metadata");
            json.WriteString("tool", "compass");
            json.WriteString("version", typeof(GuideLlmReport).Assembly.GetName().Version?.ToString());
            json.WriteEndObject();
            WriteArgs(json, report.Options);
            json.WriteStartArray("benchmarks");
            foreach (var benchmark in report.Benchmarks)
            {
                WriteBenchmark(json, report.Options, benchmark, includeRequests);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteArgs(Utf8JsonWriter json, LoadTestOptions o)
    {
        json.WriteStartObject("args");
        json.WriteString("target", o.Endpoint.ToString());
        json.WriteString("model", o.Model);
        json.WriteString("backend", "openai_http");
        json.WriteString("request_type", o.Api == LoadApi.Completions ? "text_completions" : "chat_completions");
        json.WriteString("profile", o.Profile.StrategyType);
        if (o.Profile.Rate is { } rate)
        {
            json.WriteNumber("rate", rate);
        }
        else if (o.Profile.Concurrency is { } concurrency)
        {
            json.WriteNumber("rate", concurrency);
        }
        else
        {
            json.WriteNull("rate");
        }

        WriteNumberOrNull(json, "max_seconds", o.DurationSeconds);
        WriteNumberOrNull(json, "max_requests", o.MaxRequests);
        WriteNumberOrNull(json, "warmup_seconds", o.WarmupSeconds);
        json.WriteNumber("random_seed", o.Seed);
        json.WriteStartObject("data");
        json.WriteString("prompt_tokens", o.PromptTokens.ToString());
        json.WriteNumber("prompt_tokens_mean", o.PromptTokens.Mean);
        json.WriteString("output_tokens", o.OutputTokens.ToString());
        json.WriteNumber("output_tokens_mean", o.OutputTokens.Mean);
        json.WriteBoolean("ignore_eos", o.IgnoreEos);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteBenchmark(Utf8JsonWriter json, LoadTestOptions options, BenchmarkResult b, bool includeRequests)
    {
        var start = b.StartTime.ToUnixTimeMilliseconds() / 1000.0;
        json.WriteStartObject();
        json.WriteString("type_", "generative_benchmark");
        json.WriteString("id_", $"compass-{b.Index}");
        json.WriteStartObject("config");
        json.WriteStartObject("strategy");
        json.WriteString("type_", b.Strategy.StrategyType);
        WriteNumberOrNull(json, "rate", b.Strategy.Rate);
        WriteNumberOrNull(json, "streams", b.Strategy.Kind switch
        {
            LoadProfileKind.Synchronous => 1,
            LoadProfileKind.Concurrent => b.Strategy.Concurrency,
            _ => null,
        });
        json.WriteNumber("max_concurrency", b.Strategy.Kind == LoadProfileKind.Concurrent ? b.Strategy.Concurrency!.Value : b.Strategy.Kind == LoadProfileKind.Synchronous ? 1 : options.MaxConcurrency);
        if (b.Strategy.Arrival is { } arrival)
        {
            json.WriteString("arrival", arrival.ToString());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteNumber("start_time", start);
        json.WriteNumber("end_time", start + b.Metrics.DurationSeconds);
        json.WriteNumber("duration", b.Metrics.DurationSeconds);

        var m = b.Metrics;
        json.WriteStartObject("metrics");
        json.WriteStartObject("request_totals");
        json.WriteNumber("successful", m.RequestTotals.Successful);
        json.WriteNumber("incomplete", m.RequestTotals.Incomplete);
        json.WriteNumber("errored", m.RequestTotals.Errored);
        json.WriteNumber("total", m.RequestTotals.Total);
        json.WriteEndObject();
        WriteStatus(json, "requests_per_second", m.RequestsPerSecond);
        WriteStatus(json, "request_concurrency", m.RequestConcurrency);
        WriteStatus(json, "request_latency", m.RequestLatency);
        WriteStatus(json, "prompt_token_count", m.PromptTokenCount);
        WriteStatus(json, "output_token_count", m.OutputTokenCount);
        WriteStatus(json, "total_token_count", m.TotalTokenCount);
        WriteStatus(json, "time_to_first_token_ms", m.TimeToFirstTokenMs);
        WriteStatus(json, "time_per_output_token_ms", m.TimePerOutputTokenMs);
        WriteStatus(json, "inter_token_latency_ms", m.InterTokenLatencyMs);
        WriteStatus(json, "output_tokens_per_second", m.OutputTokensPerSecond);
        WriteStatus(json, "tokens_per_second", m.TokensPerSecond);
        json.WriteEndObject();

        if (includeRequests)
        {
            json.WriteStartObject("requests");
            foreach (var (name, outcome) in new[] { ("successful", RequestOutcome.Successful), ("incomplete", RequestOutcome.Incomplete), ("errored", RequestOutcome.Errored) })
            {
                json.WriteStartArray(name);
                foreach (var r in b.Requests.Where(r => r.Outcome == outcome))
                {
                    WriteRequest(json, r, start);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteStartObject("compass");
        json.WriteNumber("warmup_requests", b.WarmupRequests);
        WriteSummary(json, "token_gaps_ms", m.TokenGapsMs);
        json.WriteStartObject("errors");
        foreach (var (kind, n) in m.Errors)
        {
            json.WriteNumber(kind, n);
        }

        json.WriteEndObject();
        json.WriteStartArray("server_latencies");
        foreach (var s in b.ServerLatencies)
        {
            json.WriteStartObject();
            json.WriteString("metric", s.Metric);
            json.WriteNumber("count", s.Count);
            json.WriteNumber("mean_ms", s.MeanMs);
            json.WriteNumber("p50_ms", s.P50Ms);
            json.WriteNumber("p90_ms", s.P90Ms);
            json.WriteNumber("p95_ms", s.P95Ms);
            json.WriteNumber("p99_ms", s.P99Ms);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (b.ServerMetricsError is { } error)
        {
            json.WriteString("server_metrics_error", error);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter json, RequestRecord r, double start)
    {
        json.WriteStartObject();
        json.WriteString("request_id", r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("prompt_tokens", r.PromptTokens ?? r.PromptTokensTarget);
        json.WriteNumber("output_tokens", r.OutputTokens);
        json.WriteNumber("max_tokens", r.OutputTokensTarget);
        json.WriteNumber("scheduled_time", start + r.ScheduledSeconds);
        json.WriteNumber("request_start_time", start + r.StartSeconds);
        WriteNumberOrNull(json, "first_token_time", r.FirstTokenSeconds is { } f ? start + f : null);
        json.WriteNumber("request_end_time", start + r.EndSeconds);
        json.WriteNumber("request_latency", r.E2eMs / 1000);
        WriteNumberOrNull(json, "time_to_first_token_ms", r.TtftMs);
        WriteNumberOrNull(json, "inter_token_latency_ms", r.ItlMs);
        WriteNumberOrNull(json, "time_per_output_token_ms", r.TimePerOutputTokenMs);
        json.WriteNumber("content_chunks", r.ContentChunks);
        json.WriteBoolean("output_tokens_from_usage", r.OutputTokensFromUsage);
        if (r.ErrorKind is not null)
        {
            json.WriteString("error_kind", r.ErrorKind);
            json.WriteString("error", r.Error);
        }

        WriteNumberOrNull(json, "status_code", r.StatusCode);
        json.WriteEndObject();
    }

    private static void WriteStatus(Utf8JsonWriter json, string name, StatusDistribution d)
    {
        json.WriteStartObject(name);
        WriteSummary(json, "successful", d.Successful);
        WriteSummary(json, "incomplete", d.Incomplete);
        WriteSummary(json, "errored", d.Errored);
        WriteSummary(json, "total", d.Total);
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, string name, DistributionSummary s)
    {
        json.WriteStartObject(name);
        json.WriteNumber("mean", s.Mean);
        json.WriteNumber("median", s.Median);
        json.WriteNumber("mode", s.Mode);
        json.WriteNumber("variance", s.Variance);
        json.WriteNumber("std_dev", s.StdDev);
        json.WriteNumber("min", s.Min);
        json.WriteNumber("max", s.Max);
        json.WriteNumber("count", s.Count);
        json.WriteNumber("total_sum", s.TotalSum);
        json.WriteStartObject("percentiles");
        var p = s.Percentiles;
        foreach (var (key, value) in new[] { ("p001", p.P001), ("p01", p.P01), ("p05", p.P05), ("p10", p.P10), ("p25", p.P25), ("p50", p.P50), ("p75", p.P75), ("p90", p.P90), ("p95", p.P95), ("p99", p.P99), ("p999", p.P999) })
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
