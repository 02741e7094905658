using System.Globalization;
using System.Text;
using Compass.Planning.Engine;
using Compass.Planning.Simulation;
using Compass.Simulator.Engine;

namespace Compass.Simulator.Metrics;

/// <summary>
/// vLLM's Prometheus metrics, recorded on the engine clock (seconds of simulated time, which is also wall-clock time up
/// to timer jitter) and written in the text exposition format. Thread-safe.
/// </summary>
internal sealed class SimulatorMetrics
{
    private static readonly string[] FinishReasons = ["stop", "length", "abort"];
    private readonly Lock _gate = new();
    private readonly Histogram _ttft = new(VllmBuckets.TimeToFirstToken);
    private readonly Histogram _itl = new(VllmBuckets.InterTokenLatency);
    private readonly Histogram _e2e = new(VllmBuckets.RequestLatency);
    private readonly Histogram _queue = new(VllmBuckets.RequestLatency);
    private readonly Histogram _prefill = new(VllmBuckets.RequestLatency);
    private readonly Histogram _decode = new(VllmBuckets.RequestLatency);
    private readonly Histogram _inference = new(VllmBuckets.RequestLatency);
    private readonly Histogram _promptTokens;
    private readonly Histogram _generationTokens;
    private readonly Histogram _iterationTokens;

    // Not a vLLM metric: how late the real-time loop hands a step's tokens to their streams, the simulator's fidelity.
    private static readonly double[] LagBounds = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];
    private readonly Histogram _emissionLag = new(LagBounds);
    private readonly Lock _deliveryGate = new();
    private readonly Histogram _deliveryLag = new(LagBounds);
    private readonly Dictionary<string, long> _success = new(StringComparer.Ordinal) { ["stop"] = 0, ["length"] = 0, ["abort"] = 0 };

    // vLLM's API server (prometheus-fastapi-instrumentator): requests by handler, method and status class; the error-rate
    // alerts read it. Keyed "handler\0method\0status", kept sorted so the output is stable.
    private readonly Lock _httpGate = new();
    private readonly SortedDictionary<string, long> _http = new(StringComparer.Ordinal);
    private readonly string _labels;
    private long _promptTotal;
    private long _generationTotal;
    private long _preemptions;

    public SimulatorMetrics(SimulatedDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        _labels = $"model_name=\"{Escape(deployment.ModelName)}\"";
        _promptTokens = new Histogram(VllmBuckets.OneTwoFive(deployment.MaxModelLen));
        _generationTokens = new Histogram(VllmBuckets.OneTwoFive(deployment.MaxModelLen));
        _iterationTokens = new Histogram(VllmBuckets.IterationTokens(deployment.Profile.Limits.MaxNumBatchedTokens));
    }

    public void OnStep(StepBatch batch)
    {
        lock (_gate)
        {
            _iterationTokens.Observe(batch.TotalTokens);
        }
    }

    public void OnEmissionLag(double lagMs)
    {
        lock (_gate)
        {
            _emissionLag.Observe(Math.Max(0, lagMs) / 1000);
        }
    }

    /// <summary>Records how late a stream handed tokens to the connection: <paramref name="nowMs"/> minus each one's scheduled step end.</summary>
    public void OnDelivered(List<LiveToken> tokens, double nowMs)
    {
        // Its own lock: stream handlers record this on every flush and must not hold up the engine loop.
        lock (_deliveryGate)
        {
            foreach (var token in tokens)
            {
                _deliveryLag.Observe(Math.Max(0, nowMs - token.ScheduledMs) / 1000);
            }
        }
    }

    /// <summary>Counts one answered API request, as vLLM's <c>http_requests_total</c> does: by route, method and status class (<c>2xx</c>, <c>4xx</c>, <c>5xx</c>).</summary>
    public void OnHttpRequest(string handler, string method, int statusCode)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{handler}\0{method}\0{statusCode / 100}xx");
        lock (_httpGate)
        {
            _http[key] = _http.GetValueOrDefault(key) + 1;
        }
    }

    public void OnPreemptions(long count)
    {
        lock (_gate)
        {
            _preemptions += count;
        }
    }

    public void OnFirstToken(LiveRequest request, double endMs)
    {
        lock (_gate)
        {
            _ttft.Observe((endMs - request.ArrivalMs) / 1000);
            _promptTotal += request.PromptTokens;
            _generationTotal++;
        }
    }

    public void OnToken(double gapMs)
    {
        lock (_gate)
        {
            _itl.Observe(gapMs / 1000);
            _generationTotal++;
        }
    }

    public void OnFinished(LiveRequest request, TokenEmission last)
    {
        lock (_gate)
        {
            var scheduled = double.IsNaN(last.FirstScheduledMs) ? request.ArrivalMs : last.FirstScheduledMs;
            _e2e.Observe((request.LastTokenMs - request.ArrivalMs) / 1000);
            _queue.Observe((scheduled - request.ArrivalMs) / 1000);
            _prefill.Observe((request.FirstTokenMs - scheduled) / 1000);
            _decode.Observe((request.LastTokenMs - request.FirstTokenMs) / 1000);
            _inference.Observe((request.LastTokenMs - scheduled) / 1000);
            _promptTokens.Observe(request.PromptTokens);
            _generationTokens.Observe(last.Generated);
            _success[request.FinishReason] = _success.GetValueOrDefault(request.FinishReason) + 1;
        }
    }

    public void OnAborted(LiveRequest request)
    {
        lock (_gate)
        {
            _success["abort"]++;
        }
    }

    /// <summary>Writes every metric in the Prometheus text exposition format (version 0.0.4).</summary>
    public string Write(EngineSnapshot snapshot)
    {
        var b = new StringBuilder(16 * 1024);
        lock (_gate)
        {
            Gauge(b, "vllm:num_requests_running", "Number of requests in model execution batches.", snapshot.Running);
            Gauge(b, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", snapshot.Waiting);
            Gauge(b, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", snapshot.KvCacheUsage);
            Counter(b, "vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", _preemptions);
            Counter(b, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", _promptTotal);
            Counter(b, "vllm:generation_tokens_total", "Number of generation tokens processed.", _generationTotal);
            Header(b, "vllm:request_success_total", "Count of successfully processed requests.", "counter");
            foreach (var reason in FinishReasons)
            {
                b.Append("vllm:request_success_total{").Append(_labels).Append(",finish_reason=\"").Append(reason).Append("\"} ")
                    .Append(Number(_success[reason])).Append('\n');
            }

            Hist(b, "vllm:iteration_tokens_total", "Histogram of number of tokens per engine_step.", _iterationTokens);
            Hist(b, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", _ttft);
            Hist(b, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.", _itl);
            Hist(b, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", _e2e);
            Hist(b, "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", _queue);
            Hist(b, "vllm:request_inference_time_seconds", "Histogram of time spent in RUNNING phase for request.", _inference);
            Hist(b, "vllm:request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.", _prefill);
            Hist(b, "vllm:request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.", _decode);
            Hist(b, "vllm:request_prompt_tokens", "Number of prefill tokens processed.", _promptTokens);
            Hist(b, "vllm:request_generation_tokens", "Number of generation tokens processed.", _generationTokens);
            Hist(b, "compass:token_emission_lag_seconds", "Time from a step's scheduled end to the engine handing its tokens to their streams, per step.", _emissionLag);
        }

        lock (_httpGate)
        {
            Header(b, "http_requests_total", "Total number of requests by method, status and handler.", "counter");
            foreach (var (key, count) in _http)
            {
                var parts = key.Split('\0');
                b.Append("http_requests_total{handler=\"").Append(Escape(parts[0])).Append("\",method=\"").Append(Escape(parts[1]))
                    .Append("\",status=\"").Append(parts[2]).Append("\"} ").Append(Number(count)).Append('\n');
            }
        }

        lock (_deliveryGate)
        {
            Hist(b, "compass:token_delivery_lag_seconds", "Time from a step's scheduled end to its token being written to the client's connection, per flush (the simulator's timing fidelity).", _deliveryLag);
        }

        return b.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Header(StringBuilder b, string name, string help, string type)
        => b.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private void Gauge(StringBuilder b, string name, string help, double value)
    {
        Header(b, name, help, "gauge");
        b.Append(name).Append('{').Append(_labels).Append("} ").Append(Number(value)).Append('\n');
    }

    private void Counter(StringBuilder b, string name, string help, long value)
    {
        Header(b, name, help, "counter");
        b.Append(name).Append('{').Append(_labels).Append("} ").Append(Number(value)).Append('\n');
    }

    private void Hist(StringBuilder b, string name, string help, Histogram h)
    {
        Header(b, name, help, "histogram");
        var cumulative = h.Cumulative();
        for (var i = 0; i < cumulative.Length; i++)
        {
            var le = i < h.Bounds.Count ? Number(h.Bounds[i]) : "+Inf";
            b.Append(name).Append("_bucket{").Append(_labels).Append(",le=\"").Append(le).Append("\"} ").Append(Number(cumulative[i])).Append('\n');
        }

        b.Append(name).Append("_sum{").Append(_labels).Append("} ").Append(Number(h.Sum)).Append('\n');
        b.Append(name).Append("_count{").Append(_labels).Append("} ").Append(Number(h.Count)).Append('\n');
    }
}
