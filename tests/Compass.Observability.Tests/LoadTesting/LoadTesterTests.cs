using System.Collections.Concurrent;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;
using Compass.Observability.Tests.FakeOpenAi;

namespace Compass.Observability.Tests.LoadTesting;

/// <summary>The load tester against a real (in-process) OpenAI-compatible server. Timing bounds are generous: CI boxes are shared.</summary>
public sealed class LoadTesterTests
{
    private static LoadTestOptions Options(FakeOpenAiServer server, LoadProfile profile) => new()
    {
        Endpoint = server.BaseUri,
        Model = "fake-model",
        Profile = profile,
        PromptTokens = TokenDistribution.Fixed(16),
        OutputTokens = TokenDistribution.Fixed(5),
        MaxRequests = 6,
        RequestTimeout = TimeSpan.FromSeconds(30),
    };

    private static async Task<LoadTestReport> Run(LoadTestOptions options, IProgress<LoadProgress>? progress = null)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        return await new LoadTester(http).RunAsync(options, progress);
    }

    [Fact]
    public async Task Synchronous_MeasuresTheScriptedDelays_OneAtATime()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(150), TokenDelay = TimeSpan.FromMilliseconds(40) });
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = 4 });

        var b = Assert.Single(report.Benchmarks);
        Assert.Equal(4, b.Metrics.RequestTotals.Successful);
        Assert.Equal(1, server.MaxInFlight);
        // Measurements can never be shorter than the scripted delays; how much longer depends on how busy the shared CI
        // machine is (the exact arithmetic is checked on a fake clock in StreamMeasurementTests), so the upper bounds are loose.
        foreach (var r in b.Requests)
        {
            Assert.InRange(r.TtftMs!.Value, 140, 15_000);
            Assert.InRange(r.ItlMs!.Value, 0, 5_000);
            // A first chunk read late (a busy box) shortens the measured ITL, so bound the last chunk instead: it cannot come
            // before the first token's delay plus four token delays.
            Assert.True(r.TtftMs.Value + (4 * r.ItlMs.Value) >= 140 + (4 * 35), $"last chunk at {r.TtftMs.Value + (4 * r.ItlMs.Value)} ms");
            Assert.InRange(r.E2eMs, 140 + (4 * 35), 30_000);
            Assert.Equal(5, r.OutputTokens);
            Assert.True(r.OutputTokensFromUsage);
            Assert.Equal(12, r.PromptTokens);
        }

        var ordered = b.Requests.OrderBy(r => r.StartSeconds).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i].StartSeconds >= ordered[i - 1].EndSeconds - 1e-6, "synchronous requests must not overlap");
        }

        Assert.Equal(4 * 4, b.Metrics.TokenGapsMs.Count);
        Assert.Equal(20, b.Metrics.OutputTokenCount.Successful.TotalSum);
        Assert.Equal(4 / b.Metrics.DurationSeconds, b.Metrics.RequestsPerSecond.Successful.Mean, 6);
        Assert.Equal(20 / b.Metrics.DurationSeconds, b.Metrics.OutputTokensPerSecond.Successful.Mean, 6);
        Assert.All(server.Bodies, body => Assert.Equal(5, body["max_tokens"]!.GetValue<int>()));
        Assert.All(server.Paths, p => Assert.Equal("/v1/completions", p));
    }

    [Fact]
    public async Task Concurrent_NeverExceedsTheConcurrency_AndKeepsItFull()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(60), TokenDelay = TimeSpan.FromMilliseconds(10) });
        var report = await Run(Options(server, LoadProfile.Concurrent(3)) with { MaxRequests = 12 });

        Assert.Equal(12, report.Benchmarks[0].Metrics.RequestTotals.Successful);
        Assert.InRange(server.MaxInFlight, 2, 3);
        Assert.InRange(report.Benchmarks[0].Metrics.RequestConcurrency.Successful.Max, 1, 3);
    }

    [Fact]
    public async Task Throughput_IsCappedByMaxConcurrency()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(80) });
        var report = await Run(Options(server, LoadProfile.Throughput()) with { MaxRequests = 10, MaxConcurrency = 4 });

        Assert.Equal(10, report.Benchmarks[0].Metrics.RequestTotals.Successful);
        Assert.InRange(server.MaxInFlight, 1, 4);
    }

    [Fact]
    public async Task ConstantRate_SpacesArrivalsEvenly()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var report = await Run(Options(server, LoadProfile.Constant(10)) with { MaxRequests = 8 });

        var b = report.Benchmarks[0];
        Assert.Equal(8, b.Metrics.RequestTotals.Successful);
        var scheduled = b.Requests.Select(r => r.ScheduledSeconds).ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => Math.Round(i * 0.1, 6)), scheduled.Select(s => Math.Round(s, 6)));
        // Never early; late only by what a busy, cold (JIT) test box adds.
        var starts = b.Requests.Select(r => r.StartSeconds).ToArray();
        for (var i = 0; i < starts.Length; i++)
        {
            Assert.InRange(starts[i], scheduled[i] - 0.001, scheduled[i] + 3);
        }

        Assert.InRange(starts[^1], 0.7 - 0.001, 4);
    }

    [Fact]
    public async Task Duration_StopsIssuing_AndPoissonRateIsRoughlyMet()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var report = await Run(Options(server, LoadProfile.Poisson(20)) with { MaxRequests = null, DurationSeconds = 2, Seed = 3 });

        var b = report.Benchmarks[0];
        // 40 expected; the Poisson count's sd is ~6.3, and a busy box can only lose arrivals.
        Assert.InRange(b.Metrics.RequestTotals.Total, 15, 65);
        Assert.All(b.Requests, r => Assert.True(r.ScheduledSeconds < 2.0 + 1e-9));
        Assert.Equal(0, b.Metrics.RequestTotals.Errored);
    }

    [Fact]
    public async Task Errors_AreCountedByKind_AndLatenciesComeFromSuccesses()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, n) => (n % 4) switch
        {
            1 => new FakeScript { Status = 500 },
            2 => new FakeScript { Status = 429 },
            3 => new FakeScript { TruncateAfter = 2 },
            _ => new FakeScript(),
        });
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = 8 });

        var m = report.Benchmarks[0].Metrics;
        Assert.Equal(new StatusCounts(2, 0, 6), m.RequestTotals);
        Assert.Equal(2, m.Errors["http_500"]);
        Assert.Equal(2, m.Errors["http_429"]);
        Assert.Equal(2, m.Errors["truncated_stream"]);
        Assert.Equal(2, m.TimeToFirstTokenMs.Successful.Count);
        Assert.Equal(2, m.TimeToFirstTokenMs.Errored.Count); // the truncated streams had a first token
        var failed = report.Benchmarks[0].Requests.First(r => r.ErrorKind == "http_500");
        Assert.Equal(500, failed.StatusCode);
        Assert.Contains("scripted 500", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MidStreamServerError_IsAnError()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, n) => n == 0 ? new FakeScript() : new FakeScript { MidStreamError = "out of KV cache" });
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = 3 });
        Assert.Equal(2, report.Benchmarks[0].Metrics.Errors["server_error"]);
    }

    [Fact]
    public async Task NonOpenAiServer_FailsFast()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { Junk = "<html><body>It works!</body></html>", JunkContentType = "text/html" });
        var ex = await Assert.ThrowsAsync<LoadTestException>(() => Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = null, DurationSeconds = 60 }));
        Assert.Contains("OpenAI-compatible", ex.Message, StringComparison.Ordinal);
        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.InRange(server.Bodies.Count, 3, 10);
    }

    [Fact]
    public async Task UnreachableUrl_FailsFast()
    {
        int port;
        await using (var server = await FakeOpenAiServer.StartAsync())
        {
            port = server.BaseUri.Port;
        }

        var options = new LoadTestOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}"),
            Model = "m",
            Profile = LoadProfile.Constant(50),
            PromptTokens = TokenDistribution.Fixed(4),
            OutputTokens = TokenDistribution.Fixed(2),
            DurationSeconds = 60,
        };
        var ex = await Assert.ThrowsAsync<LoadTestException>(() => Run(options));
        Assert.Contains("cannot connect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StreamsFromChatCompletions()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { IncludeUsage = false });
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { Api = LoadApi.ChatCompletions, MaxRequests = 2 });

        Assert.All(server.Paths, p => Assert.Equal("/v1/chat/completions", p));
        Assert.All(report.Benchmarks[0].Requests, r =>
        {
            Assert.Equal(RequestOutcome.Successful, r.Outcome);
            Assert.Equal(5, r.OutputTokens);
            Assert.False(r.OutputTokensFromUsage);
        });
    }

    [Fact]
    public async Task Seed_SameRequests_OtherSeed_Different()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var options = Options(server, LoadProfile.Synchronous()) with { PromptTokens = TokenDistribution.LogNormal(64, 32), OutputTokens = TokenDistribution.Normal(8, 3, 1, 20), MaxRequests = 5 };
        var a = await Run(options);
        var b = await Run(options);
        var c = await Run(options with { Seed = 7 });

        static string Lengths(LoadTestReport r) => string.Join(",", r.Benchmarks[0].Requests.Select(q => $"{q.PromptTokensTarget}/{q.OutputTokensTarget}"));
        Assert.Equal(Lengths(a), Lengths(b));
        Assert.NotEqual(Lengths(a), Lengths(c));
        var prompts = server.Bodies.Select(x => x["prompt"]!.GetValue<string>()).ToArray();
        Assert.Equal(prompts[..5], prompts[5..10]);
    }

    [Fact]
    public async Task Sweep_RunsSynchronousThroughputAndRatesBetween()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromMilliseconds(20) });
        var progress = new List<LoadProgress>();
        var report = await Run(Options(server, LoadProfile.Sweep(3)) with { MaxRequests = 4, MaxConcurrency = 4 }, new SyncProgress<LoadProgress>(progress.Add));

        Assert.Equal(5, report.Benchmarks.Length);
        Assert.Equal(["synchronous", "throughput", "constant", "constant", "constant"], report.Benchmarks.Select(b => b.Strategy.StrategyType));
        var rates = report.Benchmarks.Skip(2).Select(b => b.Strategy.Rate!.Value).ToArray();
        Assert.True(rates[0] < rates[1] && rates[1] < rates[2]);
        Assert.All(report.Benchmarks, b => Assert.Equal(4, b.Metrics.RequestTotals.Successful));
        Assert.Equal(20, progress.Count);
        Assert.Equal(5, progress[^1].Benchmark);
        Assert.All(progress, p => Assert.Equal(5, p.Benchmarks));
    }

    [Fact]
    public void SweepRates_AreEvenlySpacedBetweenTheEnds()
    {
        Assert.Equal([2.0, 3.0, 4.0], LoadTester.SweepRates(1, 5, 3));
        Assert.Equal([1.0, 1.0], LoadTester.SweepRates(1, 0.5, 2));
    }

    [Fact]
    public async Task ServerMetrics_AreReadBeforeAndAfter()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var scrapes = 0;
        server.MetricsText = () => Interlocked.Increment(ref scrapes) == 1
            ? "# TYPE vllm:time_to_first_token_seconds histogram\nvllm:time_to_first_token_seconds_bucket{le=\"0.1\"} 10\nvllm:time_to_first_token_seconds_bucket{le=\"+Inf\"} 10\nvllm:time_to_first_token_seconds_sum 0.5\nvllm:time_to_first_token_seconds_count 10\n"
            : "# TYPE vllm:time_to_first_token_seconds histogram\nvllm:time_to_first_token_seconds_bucket{le=\"0.1\"} 14\nvllm:time_to_first_token_seconds_bucket{le=\"+Inf\"} 14\nvllm:time_to_first_token_seconds_sum 0.7\nvllm:time_to_first_token_seconds_count 14\n";
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = 2, ScrapeServerMetrics = true });

        var latency = Assert.Single(report.Benchmarks[0].ServerLatencies);
        Assert.Equal("vllm:time_to_first_token_seconds", latency.Metric);
        Assert.Equal(4, latency.Count);
        Assert.Equal(50, latency.MeanMs, 6);
        Assert.Equal(50, latency.P50Ms, 6);
        Assert.Null(report.Benchmarks[0].ServerMetricsError);
    }

    [Fact]
    public async Task Warmup_RequestsAreSentButLeftOut_AndTimesStartAfterIt()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var report = await Run(Options(server, LoadProfile.Constant(10)) with { MaxRequests = 4, WarmupSeconds = 0.5 });

        var b = report.Benchmarks[0];
        Assert.Equal(5, b.WarmupRequests);                              // scheduled at 0, 0.1, ..., 0.4 s
        Assert.Equal(9, server.Bodies.Count);
        Assert.Equal(4, b.Metrics.RequestTotals.Successful);
        Assert.Equal([0, 0.1, 0.2, 0.3], b.Requests.Select(r => Math.Round(r.ScheduledSeconds, 6)));
        Assert.All(b.Requests, r => Assert.True(r.StartSeconds >= -1e-3 && r.EndSeconds > r.StartSeconds));
        Assert.Equal([5, 6, 7, 8], b.Requests.Select(r => r.Id));
    }

    [Fact]
    public async Task Warmup_WithMetrics_ReadsTheServerWhenTheWarmupEnds()
    {
        // The baseline is read when the warm-up's 0.45 s have passed, after its 5 arrivals (0 … 0.4 s) were sent. A busy
        // machine can deliver some of them to the server only after that read, so a read that saw fewer is run again,
        // at most three times; a read at the start (0) or after the run (8) fails every time.
        var seen = new List<int>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using var server = await FakeOpenAiServer.StartAsync();
            var seenAtScrapes = new ConcurrentQueue<int>();
            server.MetricsText = () =>
            {
                var count = server.Bodies.Count;
                seenAtScrapes.Enqueue(count);
                return $"# TYPE vllm:e2e_request_latency_seconds histogram\nvllm:e2e_request_latency_seconds_bucket{{le=\"1\"}} {count}\nvllm:e2e_request_latency_seconds_bucket{{le=\"+Inf\"}} {count}\nvllm:e2e_request_latency_seconds_sum {count * 0.5}\nvllm:e2e_request_latency_seconds_count {count}\n";
            };
            var report = await Run(Options(server, LoadProfile.Constant(10)) with { MaxRequests = 3, WarmupSeconds = 0.45, ScrapeServerMetrics = true });

            Assert.Equal(2, seenAtScrapes.Count);
            var first = seenAtScrapes.First();
            seen.Add(first);
            Assert.InRange(first, 1, 8);                                    // never before the first arrival, never after the run
            var latency = Assert.Single(report.Benchmarks[0].ServerLatencies);
            Assert.Equal(8 - first, latency.Count);
            if (first >= 5)
            {
                return;                                                     // not before the 5 warm-up arrivals
            }
        }

        Assert.Fail($"the baseline read saw fewer than the 5 warm-up arrivals in every attempt: {string.Join(", ", seen)}");
    }

    [Fact]
    public void Warmup_MustBePositiveAndFinite()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (new LoadTestOptions
        {
            Endpoint = new Uri("http://localhost:1"), Model = "m", Profile = LoadProfile.Synchronous(), PromptTokens = TokenDistribution.Fixed(1),
            OutputTokens = TokenDistribution.Fixed(1), MaxRequests = 1, WarmupSeconds = -1,
        }).Validate());
    }

    [Fact]
    public async Task ServerMetrics_Missing_IsNotedNotFatal()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var report = await Run(Options(server, LoadProfile.Synchronous()) with { MaxRequests = 1, ScrapeServerMetrics = true });
        Assert.Contains("404", report.Benchmarks[0].ServerMetricsError, StringComparison.Ordinal);
        Assert.Equal(1, report.Benchmarks[0].Metrics.RequestTotals.Successful);
    }

    [Fact]
    public async Task Cancellation_Propagates()
    {
        await using var server = await FakeOpenAiServer.StartAsync((_, _) => new FakeScript { FirstTokenDelay = TimeSpan.FromSeconds(20) });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var http = new HttpClient();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LoadTester(http).RunAsync(Options(server, LoadProfile.Concurrent(2)), cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData("a duration, a request count")]
    [InlineData("absolute http(s) URL")]
    [InlineData("exceeds MaxConcurrency")]
    public void Options_Invalid_AreRejected(string expected)
    {
        var options = new LoadTestOptions
        {
            Endpoint = new Uri("http://x"), Model = "m", Profile = LoadProfile.Synchronous(), PromptTokens = TokenDistribution.Fixed(1), OutputTokens = TokenDistribution.Fixed(1), MaxRequests = 1,
        };
        options = expected switch
        {
            "a duration, a request count" => options with { MaxRequests = null },
            "absolute http(s) URL" => options with { Endpoint = new Uri("ftp://x") },
            _ => options with { Profile = LoadProfile.Concurrent(10), MaxConcurrency = 5 },
        };
        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://h:8000", "http://h:8000/v1/completions")]
    [InlineData("http://h:8000/v1", "http://h:8000/v1/completions")]
    [InlineData("http://h/serving/llm/v1/", "http://h/serving/llm/v1/completions")]
    public void RequestUri_AcceptsBaseOrV1(string endpoint, string expected)
    {
        var options = new LoadTestOptions
        {
            Endpoint = new Uri(endpoint), Model = "m", Profile = LoadProfile.Synchronous(), PromptTokens = TokenDistribution.Fixed(1), OutputTokens = TokenDistribution.Fixed(1), MaxRequests = 1,
        };
        Assert.Equal(expected, options.RequestUri().ToString());
        Assert.EndsWith("/metrics", options.MetricsUri().ToString(), StringComparison.Ordinal);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
