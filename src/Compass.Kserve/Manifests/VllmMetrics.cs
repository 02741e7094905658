namespace Compass.Kserve.Manifests;

/// <summary>The names of the vLLM Prometheus metrics the alerts, dashboard and autoscaler use, and the latency histograms' buckets.</summary>
internal static class VllmMetrics
{
    /// <summary>The bucket bounds (<c>le</c>, seconds) of vLLM's time-to-first-token histogram (V1 engine; the Compass simulator's too).</summary>
    public static readonly IReadOnlyList<double> TimeToFirstTokenBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    /// <summary>The bucket bounds (<c>le</c>, seconds) of vLLM's inter-token latency (time per output token) histogram.</summary>
    public static readonly IReadOnlyList<double> InterTokenLatencyBuckets =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    /// <summary>The bucket bounds (<c>le</c>, seconds) of vLLM's request latency histograms (end to end among them).</summary>
    public static readonly IReadOnlyList<double> RequestLatencyBuckets =
        [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    /// <summary>Histogram of time to first token, in seconds.</summary>
    public const string TimeToFirstToken = "vllm:time_to_first_token_seconds_bucket";

    /// <summary>Histogram of inter-token latency, in seconds (vLLM 0.11 and later, and the Compass simulator).</summary>
    public const string InterTokenLatency = "vllm:inter_token_latency_seconds_bucket";

    /// <summary>Histogram of time per output token (inter-token latency), in seconds (vLLM up to 0.10; deprecated later).</summary>
    public const string TimePerOutputToken = "vllm:time_per_output_token_seconds_bucket";

    /// <summary>Histogram of end-to-end request latency, in seconds.</summary>
    public const string E2eLatency = "vllm:e2e_request_latency_seconds_bucket";

    /// <summary>Gauge of requests waiting to be scheduled.</summary>
    public const string RequestsWaiting = "vllm:num_requests_waiting";

    /// <summary>Gauge of requests being processed.</summary>
    public const string RequestsRunning = "vllm:num_requests_running";

    /// <summary>Gauge of KV-cache use, 0–1 (vLLM up to 0.10).</summary>
    public const string GpuCacheUsage = "vllm:gpu_cache_usage_perc";

    /// <summary>Gauge of KV-cache use, 0–1 (vLLM 0.10 and later).</summary>
    public const string KvCacheUsage = "vllm:kv_cache_usage_perc";

    /// <summary>Counter of finished requests, by <c>finished_reason</c>.</summary>
    public const string RequestSuccess = "vllm:request_success_total";

    /// <summary>Counter of generated tokens.</summary>
    public const string GenerationTokens = "vllm:generation_tokens_total";

    /// <summary>Counter of prompt tokens.</summary>
    public const string PromptTokens = "vllm:prompt_tokens_total";

    /// <summary>Counter of HTTP requests by status class (<c>2xx</c>, <c>5xx</c>) from vLLM's API server.</summary>
    public const string HttpRequests = "http_requests_total";

    /// <summary>The <c>_count</c> series of a histogram named by its <c>_bucket</c> series.</summary>
    public static string Count(string bucketSeries)
        => (bucketSeries.EndsWith("_bucket", StringComparison.Ordinal) ? bucketSeries[..^"_bucket".Length] : bucketSeries) + "_count";
}
