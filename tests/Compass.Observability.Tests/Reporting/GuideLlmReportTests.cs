using System.Text.Json;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Prometheus;
using Compass.Observability.Reporting;

namespace Compass.Observability.Tests.Reporting;

public sealed class GuideLlmReportTests
{
    private static readonly string[] MetricNames =
    [
        "requests_per_second", "request_concurrency", "request_latency", "prompt_token_count", "output_token_count", "total_token_count",
        "time_to_first_token_ms", "time_per_output_token_ms", "inter_token_latency_ms", "output_tokens_per_second", "tokens_per_second",
    ];

    private static readonly string[] SummaryFields = ["mean", "median", "mode", "variance", "std_dev", "min", "max", "count", "total_sum", "percentiles"];

    private static readonly string[] PercentileFields = ["p001", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "p999"];

    internal static LoadTestReport Report()
    {
        var options = new LoadTestOptions
        {
            Endpoint = new Uri("http://vllm:8000"),
            Model = "meta-llama/Llama-3.1-8B-Instruct",
            Profile = LoadProfile.Poisson(4),
            PromptTokens = TokenDistribution.LogNormal(512, 128),
            OutputTokens = TokenDistribution.Fixed(11),
            DurationSeconds = 2,
            WarmupSeconds = 5,
        };
        RequestRecord[] records =
        [
            MetricsTests.Ok(0, 0, 100, 10, 11),
            MetricsTests.Ok(1, 0.5, 120, 12, 11),
            new() { Id = 2, Outcome = RequestOutcome.Errored, ScheduledSeconds = 1, StartSeconds = 1, EndSeconds = 1.01, PromptTokensTarget = 100, OutputTokensTarget = 11, E2eMs = 10, ErrorKind = "http_429", StatusCode = 429, Error = "HTTP 429" },
        ];
        var benchmark = new BenchmarkResult
        {
            Index = 0,
            Strategy = options.Profile,
            StartTime = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
            Requests = [.. records],
            Metrics = BenchmarkMetrics.Compute(records, 2),
            ServerLatencies = [new ServerLatency("vllm:time_to_first_token_seconds", 2, 100, 90, 110, 115, 119)],
            WarmupRequests = 7,
        };
        return new LoadTestReport(options, [benchmark]);
    }

    [Fact]
    public void Json_HasGuideLlmsLayout()
    {
        using var doc = JsonDocument.Parse(GuideLlmReport.ToJson(Report()));
        var root = doc.RootElement;
        Assert.Equal("generative_benchmarks_report", root.GetProperty("type_").GetString());
        Assert.Equal("http://vllm:8000/", root.GetProperty("args").GetProperty("target").GetString());
        Assert.Equal("poisson", root.GetProperty("args").GetProperty("profile").GetString());
        Assert.Equal(4, root.GetProperty("args").GetProperty("rate").GetDouble());
        Assert.Equal(5, root.GetProperty("args").GetProperty("warmup_seconds").GetDouble());

        var b = Assert.Single(root.GetProperty("benchmarks").EnumerateArray());
        Assert.Equal("generative_benchmark", b.GetProperty("type_").GetString());
        Assert.Equal("poisson", b.GetProperty("config").GetProperty("strategy").GetProperty("type_").GetString());
        var start = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal(start, b.GetProperty("start_time").GetDouble());
        Assert.Equal(start + 2, b.GetProperty("end_time").GetDouble());

        var metrics = b.GetProperty("metrics");
        var totals = metrics.GetProperty("request_totals");
        Assert.Equal(2, totals.GetProperty("successful").GetInt32());
        Assert.Equal(1, totals.GetProperty("errored").GetInt32());
        Assert.Equal(3, totals.GetProperty("total").GetInt32());
        foreach (var name in MetricNames)
        {
            foreach (var status in new[] { "successful", "incomplete", "errored", "total" })
            {
                var summary = metrics.GetProperty(name).GetProperty(status);
                Assert.Equal(SummaryFields, summary.EnumerateObject().Select(p => p.Name));
                Assert.Equal(PercentileFields, summary.GetProperty("percentiles").EnumerateObject().Select(p => p.Name));
            }
        }

        Assert.Equal(110, metrics.GetProperty("time_to_first_token_ms").GetProperty("successful").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(1, metrics.GetProperty("requests_per_second").GetProperty("successful").GetProperty("mean").GetDouble(), 9);

        var requests = b.GetProperty("requests");
        Assert.Equal(2, requests.GetProperty("successful").GetArrayLength());
        Assert.Equal(0, requests.GetProperty("incomplete").GetArrayLength());
        var failed = requests.GetProperty("errored")[0];
        Assert.Equal("http_429", failed.GetProperty("error_kind").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("time_to_first_token_ms").ValueKind);
        var first = requests.GetProperty("successful")[0];
        Assert.Equal(100, first.GetProperty("time_to_first_token_ms").GetDouble(), 9);
        Assert.Equal(101, first.GetProperty("prompt_tokens").GetInt32());

        var compass = b.GetProperty("compass");
        Assert.Equal(1, compass.GetProperty("errors").GetProperty("http_429").GetInt32());
        Assert.Equal(7, compass.GetProperty("warmup_requests").GetInt32());
        Assert.Equal(20, compass.GetProperty("token_gaps_ms").GetProperty("count").GetInt32());
        Assert.Equal("vllm:time_to_first_token_seconds", compass.GetProperty("server_latencies")[0].GetProperty("metric").GetString());
    }

    [Fact]
    public void Json_WithoutRequests_LeavesThemOut()
    {
        using var doc = JsonDocument.Parse(GuideLlmReport.ToJson(Report(), includeRequests: false));
        Assert.False(doc.RootElement.GetProperty("benchmarks")[0].TryGetProperty("requests", out _));
    }
}
