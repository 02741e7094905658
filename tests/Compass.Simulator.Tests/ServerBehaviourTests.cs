using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Simulator.Engine;
using Compass.Simulator.Text;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Simulator.Tests;

public sealed class ServerBehaviourTests
{
    private static readonly string[] VllmMetrics =
    [
        "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "vllm:time_to_first_token_seconds",
        "vllm:inter_token_latency_seconds", "vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds",
        "vllm:request_prefill_time_seconds", "vllm:request_decode_time_seconds", "vllm:prompt_tokens_total",
        "vllm:generation_tokens_total", "vllm:request_success_total", "vllm:num_preemptions_total", "vllm:iteration_tokens_total",
        "vllm:request_prompt_tokens", "vllm:request_generation_tokens",
    ];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<PrometheusText> MetricsAsync(TestServer server)
    {
        using var response = await server.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<PrometheusText> WaitForMetricsAsync(TestServer server, Func<PrometheusText, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var metrics = await MetricsAsync(server);
            if (condition(metrics) || clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                return metrics;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Metrics_UseVllmNamesLabelsAndCumulativeBuckets_ConsistentWithRequestsServed()
    {
        await using var server = await TestServer.StartAsync();
        var promptTokens = 0;
        for (var i = 0; i < 5; i++)
        {
            using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"count these words","max_tokens":4}"""));

            promptTokens += JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        }

        var metrics = await MetricsAsync(server);
        foreach (var name in VllmMetrics)
        {
            Assert.True(metrics.Types.ContainsKey(name), $"{name} is not declared");
        }

        // vLLM's http_requests_total comes from its API server's instrumentator, which labels by route, not by model.
        Assert.All(metrics.Samples.Where(s => s.Name != "http_requests_total"), s => Assert.Equal(TestServer.ModelName, s.Labels["model_name"]));
        Assert.Equal(5, metrics.Value("vllm:request_success_total", "finish_reason", "length"));
        Assert.Equal(0, metrics.Value("vllm:request_success_total", "finish_reason", "stop"));
        Assert.Equal(20, metrics.Value("vllm:generation_tokens_total"));
        Assert.Equal(promptTokens, metrics.Value("vllm:prompt_tokens_total"));
        Assert.Equal(0, metrics.Value("vllm:num_requests_running"));
        Assert.Equal(0, metrics.Value("vllm:kv_cache_usage_perc"));

        foreach (var (name, count) in new[]
        {
            ("vllm:time_to_first_token_seconds", 5), ("vllm:e2e_request_latency_seconds", 5), ("vllm:inter_token_latency_seconds", 15),
            ("vllm:request_queue_time_seconds", 5), ("vllm:request_prefill_time_seconds", 5), ("vllm:request_decode_time_seconds", 5),
            ("vllm:request_prompt_tokens", 5), ("vllm:request_generation_tokens", 5),
        })
        {
            Assert.Equal("histogram", metrics.Types[name]);
            var buckets = metrics.Buckets(name);
            Assert.True(buckets.Count > 2);
            Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Le < p.Second.Le && p.First.Count <= p.Second.Count), $"{name} buckets are not cumulative");
            Assert.Equal(double.PositiveInfinity, buckets[^1].Le);
            Assert.Equal(count, buckets[^1].Count);
            Assert.Equal(count, metrics.Value(name + "_count"));
        }

        Assert.Equal(20, metrics.Value("vllm:request_generation_tokens_sum"));
        Assert.Equal(0.001, metrics.Buckets("vllm:time_to_first_token_seconds")[0].Le);
        // Each request: a prefill step and 3 decode steps of 10–11 ms (fake model); TTFT ≥ 10 ms.
        Assert.True(metrics.Value("vllm:time_to_first_token_seconds_sum") >= 5 * 0.010);
        Assert.Equal(0, metrics.Buckets("vllm:time_to_first_token_seconds").Single(b => b.Le == 0.005).Count);
    }

    [Fact]
    public async Task TimingFidelityMetrics_CountEveryStepAndEveryStreamedToken()
    {
        await using var server = await TestServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":6,"stream":true}"""));
            var (chunks, done) = await Sse.ReadAllAsync(response);
            Assert.True(done);
            Assert.Equal(6, chunks.Count);
        }

        var metrics = await MetricsAsync(server);
        Assert.Equal("histogram", metrics.Types["compass:token_delivery_lag_seconds"]);
        Assert.Equal(18, metrics.Value("compass:token_delivery_lag_seconds_count"));          // one observation per streamed token
        Assert.True(metrics.Value("compass:token_emission_lag_seconds_count") >= 18);          // one per step: one request at a time here
        Assert.True(metrics.Value("compass:token_delivery_lag_seconds_sum") >= 0);
        var emission = metrics.Buckets("compass:token_emission_lag_seconds");
        Assert.Equal(emission[^1].Count, metrics.Value("compass:token_emission_lag_seconds_count"));
    }

    [Fact]
    public async Task ManyShortRequests_NeverStallTheEngineLoop()
    {
        // Regression: a wake-up lost between the loop's timer and its signal left admitted requests unserved.
        await using var server = await TestServer.StartAsync(o => o.Profile = TestServer.FakeProfile(baseMs: 1));
        for (var i = 0; i < 200; i++)
        {
            using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":1}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var tasks = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"y","max_tokens":3}"""));
            return response.StatusCode;
        });
        Assert.All(await Task.WhenAll(tasks), s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task Readiness_Is503UntilTheStartupDelayHasPassed()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(o => o.StartupDelay = TimeSpan.FromSeconds(30), time);
        using (var loading = await server.Client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        }

        using (var early = await server.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":1}""")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/health")).StatusCode);
        time.Advance(TimeSpan.FromSeconds(31));
        using var ready = await server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task FaultHeader_WhenEnabled_ForcesThatStatusOnOneRequest()
    {
        await using var server = await TestServer.StartAsync(o => o.EnableFaultHeader = true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json("""{"prompt":"x","max_tokens":1}""") };
        request.Headers.Add("X-Compass-Fault", "503");
        using var failed = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("injected_fault", error.GetProperty("code").GetString());

        using var next = await server.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":1}"""));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task HttpRequestsTotal_CountsAnswersByHandlerMethodAndStatusClass()
    {
        await using var server = await TestServer.StartAsync(o => o.EnableFaultHeader = true);
        var sent = new[] { 200, 503, 200, 500, 429, 200 };
        foreach (var status in sent)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json("""{"prompt":"x","max_tokens":1}""") };
            if (status != 200)
            {
                request.Headers.Add("X-Compass-Fault", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            using var response = await server.Client.SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
        }

        (await server.Client.GetAsync("/v1/models")).Dispose();

        // The count is taken once each response has completed, so wait for the last one to land.
        double Count(PrometheusText m, string handler, string status) => m.Samples
            .Where(s => s.Name == "http_requests_total" && s.Labels["handler"] == handler && s.Labels["status"] == status && s.Labels["method"] == (handler == "/v1/models" ? "GET" : "POST"))
            .Sum(s => s.Value);
        var metrics = await WaitForMetricsAsync(server, m => Count(m, "/v1/models", "2xx") == 1);
        Assert.Equal("counter", metrics.Types["http_requests_total"]);
        Assert.Equal(sent.Count(s => s / 100 == 2), Count(metrics, "/v1/completions", "2xx"));
        Assert.Equal(sent.Count(s => s / 100 == 5), Count(metrics, "/v1/completions", "5xx"));
        Assert.Equal(sent.Count(s => s / 100 == 4), Count(metrics, "/v1/completions", "4xx"));
        Assert.Equal(1, Count(metrics, "/v1/models", "2xx"));
        Assert.DoesNotContain(metrics.Samples, s => s.Name == "http_requests_total" && !s.Labels["handler"].StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("503")]
    [InlineData("not a status")]
    public async Task FaultHeader_ByDefault_IsIgnored(string value)
    {
        await using var server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json("""{"prompt":"x","max_tokens":1}""") };
        request.Headers.TryAddWithoutValidation("X-Compass-Fault", value);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FaultRate_WithASeed_IsReproducible()
    {
        async Task<List<int>> StatusesAsync()
        {
            await using var server = await TestServer.StartAsync(o => { o.FaultRate = 0.5; o.FaultStatusCodes = [500, 502]; o.Seed = 11; });
            var statuses = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await server.PostAsync("/v1/completions", Json("""{"prompt":"x","max_tokens":1}"""));
                statuses.Add((int)response.StatusCode);
            }

            return statuses;
        }

        var first = await StatusesAsync();
        Assert.Equal(first, await StatusesAsync());
        Assert.Contains(200, first);
        Assert.Contains(first, s => s is 500 or 502);
        Assert.All(first, s => Assert.True(s is 200 or 500 or 502));
    }

    [Fact]
    public async Task FullWaitQueue_Gets429()
    {
        await using var server = await TestServer.StartAsync(o =>
        {
            o.Profile = TestServer.FakeProfile(baseMs: 200, maxSeqs: 1);
            o.MaxWaitingRequests = 1;
        });
        const string body = """{"prompt":"x","max_tokens":1000,"ignore_eos":true,"stream":true}""";
        using var cts = new CancellationTokenSource();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json(body) };
        using var a = await server.Client.SendAsync(first, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await WaitForMetricsAsync(server, m => m.Value("vllm:num_requests_running") == 1);
        using var second = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json(body) };
        using var b = await server.Client.SendAsync(second, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await WaitForMetricsAsync(server, m => m.Value("vllm:num_requests_waiting") == 1);

        using var c = await server.PostAsync("/v1/completions", Json(body));
        Assert.Equal(HttpStatusCode.TooManyRequests, c.StatusCode);
        var error = JsonDocument.Parse(await c.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("queue_full", error.GetProperty("code").GetString());
        await cts.CancelAsync();
    }

    [Fact]
    public async Task ClientDisconnectMidStream_FreesTheSequenceAndKvAtOnce()
    {
        await using var server = await TestServer.StartAsync(o => o.Profile = TestServer.FakeProfile(baseMs: 20));
        using (var cts = new CancellationTokenSource())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
            {
                Content = Json("""{"prompt":"a long prompt of several words","max_tokens":3000,"ignore_eos":true,"stream":true}"""),
            };
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            Assert.StartsWith("data: ", await reader.ReadLineAsync(cts.Token), StringComparison.Ordinal);
            var during = await MetricsAsync(server);
            Assert.Equal(1, during.Value("vllm:num_requests_running"));
            Assert.True(during.Value("vllm:kv_cache_usage_perc") > 0);
            await cts.CancelAsync();
        }

        var after = await WaitForMetricsAsync(server, m => m.Value("vllm:request_success_total", "finish_reason", "abort") == 1);
        Assert.Equal(1, after.Value("vllm:request_success_total", "finish_reason", "abort"));
        Assert.Equal(0, after.Value("vllm:num_requests_running"));
        Assert.Equal(0, after.Value("vllm:kv_cache_usage_perc"));

        using var next = await server.PostAsync("/v1/completions", Json("""{"prompt":"still alive?","max_tokens":2}"""));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task RealClock_TtftAtLowLoad_IsAboutThePrefillStep()
    {
        // The catalog's physics profile (Llama 3.1 8B on one H100), one request at a time: TTFT = request overhead + one prefill step.
        await using var server = await TestServer.StartAsync(fakeProfile: false);
        var deployment = (SimulatedDeployment)server.Services.GetService(typeof(SimulatedDeployment))!;
        var prompt = string.Join(' ', Enumerable.Repeat("benchmark", 2000));
        var tokens = ApproximateTokenizer.Count(prompt);
        var expectedMs = deployment.Profile.RequestOverheadMs + deployment.Profile.StepTime.Predict(StepBatch.Prefill(tokens)).TotalMs;

        var body = JsonSerializer.Serialize(new { prompt, max_tokens = 2, stream = true });
        using (await server.PostAsync("/v1/completions", Json(body)))
        {
            // Warm-up: JIT and connection.
        }

        var best = double.PositiveInfinity;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await server.Client.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = Json(body) }, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var line = await reader.ReadLineAsync();
            var ttft = clock.Elapsed.TotalMilliseconds;
            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            best = Math.Min(best, ttft);
            await reader.ReadToEndAsync();
        }

        Assert.True(expectedMs > 5, $"expected {expectedMs} ms");
        Assert.InRange(best, expectedMs - 2, expectedMs + 1000);
        Assert.NotNull(EmbeddedKnowledgeBase.Catalog);
    }
}
