namespace Compass.Kserve.Manifests;

/// <summary>The names of the vLLM Prometheus metrics the alerts, dashboard and autoscaler use.</summary>
internal static class VllmMetrics
{
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
}
