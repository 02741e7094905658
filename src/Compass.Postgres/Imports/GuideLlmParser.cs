using System.Globalization;
using System.Text.Json;

namespace Compass.Postgres.Imports;

/// <summary>
/// Reads GuideLLM benchmark reports (<see cref="ImportFormat.GuideLlm"/>) and <c>compass loadtest</c> reports, which use
/// the same layout (<see cref="ImportFormat.CompassLoadTest"/>): <c>benchmarks[]</c>, each with its strategy
/// (<c>config.strategy</c> in current GuideLLM and Compass, <c>args.strategy</c> in older GuideLLM) and <c>metrics</c>
/// whose <c>successful</c> summaries give the mean, <c>percentiles</c> (or the percentiles beside the mean) and median.
/// Each benchmark is one point; <c>request_latency</c> is in seconds and is stored in ms.
/// </summary>
internal static class GuideLlmParser
{
    private static readonly string[] OfferedRate = ["constant", "poisson", "gamma"];

    public static void Parse(byte[] content, ImportContext context)
    {
        using var document = JsonValues.Parse(content, context);
        var root = document.RootElement;
        var benchmarks = JsonValues.Benchmarks(document, context, context.Format == ImportFormat.CompassLoadTest ? "a Compass load-test report" : "a GuideLLM report");
        var options = context.Options;
        var first = benchmarks.GetArrayLength() > 0 ? benchmarks[0] : default(JsonElement?);
        var modelName = options.Model
            ?? JsonValues.Text(JsonValues.Get(root, "args", "model"))
            ?? JsonValues.Text(JsonValues.Get(first, "worker", "backend_model"))
            ?? JsonValues.Text(JsonValues.Get(first, "config", "requests", "model"));
        var model = context.Model(modelName, null, options.Model is null ? "args.model" : null);
        var quantization = context.Quantization(model, options.Quantization, null, null);
        var gpu = context.Gpu(options.Gpu, null, null);
        var tensorParallel = context.TensorParallel(options.TensorParallel, gpu, null, null);

        var loads = new List<Measurement>();
        var index = 0;
        foreach (var benchmark in benchmarks.EnumerateArray())
        {
            var row = ++index;
            var metrics = JsonValues.Get(benchmark, "metrics") ?? throw context.Error(row, "metrics", "the benchmark has no metrics.");
            double? Number(JsonElement? element, string field) => JsonValues.Number(element, context, row, field);
            var successful = Number(JsonValues.Get(metrics, "request_totals", "successful"), "metrics.request_totals.successful")
                ?? Number(JsonValues.Get(metrics, "time_to_first_token_ms", "successful", "count"), "metrics.time_to_first_token_ms.successful.count");
            if (successful is 0)
            {
                context.Result.Notes.Add(FormattableString.Invariant($"Benchmark {row} has no successful requests; it was skipped."));
                continue;
            }

            var strategy = JsonValues.Get(benchmark, "config", "strategy") ?? JsonValues.Get(benchmark, "args", "strategy") ?? JsonValues.Get(benchmark, "scheduler", "strategy");
            var type = (JsonValues.Text(JsonValues.Get(strategy, "type_")) ?? JsonValues.Text(JsonValues.Get(strategy, "type")) ?? string.Empty).ToLowerInvariant();
            var offered = Number(JsonValues.Get(strategy, "rate"), "config.strategy.rate") ?? Number(JsonValues.Get(benchmark, "config", "rate"), "config.rate");
            var achieved = context.NonNegative(Number(JsonValues.Get(metrics, "requests_per_second", "successful", "mean"), "metrics.requests_per_second.successful.mean"), row, "metrics.requests_per_second.successful.mean");
            var streams = Number(JsonValues.Get(strategy, "streams"), "config.strategy.streams");
            var concurrency = type switch
            {
                "synchronous" => 1,
                "concurrent" => context.OptionalCount(streams, row, "config.strategy.streams"),
                _ => null,
            };
            double rate;
            if ((OfferedRate.Contains(type) || strategy is null) && offered is > 0 and < double.PositiveInfinity)
            {
                rate = offered.Value;
            }
            else if (achieved > 0)
            {
                rate = achieved;
                context.Result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Benchmark {row} ({(type.Length == 0 ? "no strategy" : type)}) offers no request rate; it is stored at its achieved rate, {achieved:0.###} req/s."));
            }
            else
            {
                context.Result.Notes.Add(FormattableString.Invariant($"Benchmark {row} completed no requests per second; it was skipped."));
                continue;
            }

            var latencies = new Latencies();
            Summary(context, row, metrics, "time_to_first_token_ms", 1, latencies, 0);
            Summary(context, row, metrics, "inter_token_latency_ms", 1, latencies, 5);
            Summary(context, row, metrics, "request_latency", 1000, latencies, 10);
            loads.Add(new Measurement(model, quantization, gpu, tensorParallel,
                Number(JsonValues.Get(metrics, "prompt_token_count", "successful", "mean"), "metrics.prompt_token_count.successful.mean"),
                Number(JsonValues.Get(metrics, "prompt_token_count", "successful", "std_dev"), "metrics.prompt_token_count.successful.std_dev"),
                Number(JsonValues.Get(metrics, "output_token_count", "successful", "mean"), "metrics.output_token_count.successful.mean"),
                Number(JsonValues.Get(metrics, "output_token_count", "successful", "std_dev"), "metrics.output_token_count.successful.std_dev"),
                rate, concurrency, achieved,
                context.NonNegative(Number(JsonValues.Get(metrics, "output_tokens_per_second", "successful", "mean"), "metrics.output_tokens_per_second.successful.mean"), row, "metrics.output_tokens_per_second.successful.mean"),
                latencies));
        }

        if (loads.Count == 0)
        {
            throw context.Error(null, "benchmarks", "the report holds no benchmark with successful requests; there is nothing to import.");
        }

        context.NoteEngineDefaults(options.Engine, options.EngineVersion);
        Measurement.AddRuns(context, loads, RequestedProfile(root, first),
            ImportContext.Engine(options.Engine), ImportContext.EngineVersion(options.EngineVersion),
            context.Provenance(options.Provenance, null, null), options.Source ?? context.FileName);
    }

    // mean, p50, p90, p95, p99 of a metric's successful requests.
    private static void Summary(ImportContext context, int row, JsonElement metrics, string metric, double scale, Latencies latencies, int offset)
    {
        var summary = JsonValues.Get(metrics, metric, "successful");
        var percentiles = JsonValues.Get(summary, "percentiles") ?? summary;
        var field = $"metrics.{metric}.successful";
        double? Read(JsonElement? element, string name)
            => context.OptionalNonNegative(JsonValues.Number(element, context, row, $"{field}.{name}") * scale, row, $"{field}.{name}");
        latencies.Values[offset] = Read(JsonValues.Get(summary, "mean"), "mean");
        latencies.Values[offset + 1] = Read(JsonValues.Get(percentiles, "p50"), "percentiles.p50") ?? Read(JsonValues.Get(summary, "median"), "median");
        latencies.Values[offset + 2] = Read(JsonValues.Get(percentiles, "p90"), "percentiles.p90");
        latencies.Values[offset + 3] = Read(JsonValues.Get(percentiles, "p95"), "percentiles.p95");
        latencies.Values[offset + 4] = Read(JsonValues.Get(percentiles, "p99"), "percentiles.p99");
    }

    // The synthetic data the report asked for: args.data { prompt_tokens_mean | prompt_tokens, output_tokens… } (an object,
    // or GuideLLM's "prompt_tokens=256,output_tokens=128" / JSON string), in args or the first benchmark's request loader.
    private static (double Prompt, double Output)? RequestedProfile(JsonElement root, JsonElement? first)
    {
        foreach (var data in new[] { JsonValues.Get(root, "args", "data"), JsonValues.Get(first, "request_loader", "data"), JsonValues.Get(first, "args", "data") })
        {
            if (data is null)
            {
                continue;
            }

            var values = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            if (data.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in data.Value.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Number)
                    {
                        values[property.Name] = property.Value.GetDouble();
                    }
                }
            }
            else if (JsonValues.Text(data) is { } text)
            {
                ReadSettings(text, values);
            }

            var prompt = values.GetValueOrDefault("prompt_tokens_mean", values.GetValueOrDefault("prompt_tokens"));
            var output = values.GetValueOrDefault("output_tokens_mean", values.GetValueOrDefault("output_tokens"));
            if (prompt > 0 && output > 0 && double.IsFinite(prompt) && double.IsFinite(output))
            {
                return (prompt, output);
            }
        }

        return null;
    }

    private static void ReadSettings(string text, Dictionary<string, double> values)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Number)
                    {
                        values[property.Name] = property.Value.GetDouble();
                    }
                }
            }
            catch (JsonException)
            {
                // Not settings: the profile comes from the measured token counts.
            }

            return;
        }

        foreach (var pair in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[parts[0]] = value;
            }
        }
    }
}
