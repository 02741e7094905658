using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Kserve.Manifests;
using Compass.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compass.Kserve.Tests.Monitoring;

/// <summary>
/// One live monitoring stack, owned by one test: the Compass simulator (in process, on Kestrel, started with the
/// arguments the plan's simulator-mode manifest gives it), a real Prometheus scraping it and evaluating the rules file
/// Compass generated, a real Alertmanager with the configuration Compass generated, and a webhook receiver (in process)
/// that records what Alertmanager delivers. Everything listens on 127.0.0.1, on ports chosen at run time, in a temp
/// folder of its own; disposing kills the processes and deletes the folder, also after a failure.
/// </summary>
internal sealed class LiveMonitoring : IAsyncDisposable
{
    /// <summary>The short windows the live tests use (production keeps the 5-minute defaults).</summary>
    public static readonly MonitoringOptions ShortWindows = new() { AlertFor = TimeSpan.FromSeconds(3), RateWindow = TimeSpan.FromSeconds(10) };

    private readonly string _folder = Directory.CreateTempSubdirectory("compass-monitoring-").FullName;
    private readonly List<(string Name, Process Process, StringBuilder Log)> _processes = [];
    private WebApplication? _simulator;
    private WebApplication? _receiver;

    private LiveMonitoring()
    {
    }

    public required ManifestSet Set { get; init; }

    public MonitoringBundle Bundle => Set.Monitoring!;

    public HttpClient Simulator { get; private set; } = null!;

    public HttpClient Prometheus { get; private set; } = null!;

    public static async Task<LiveMonitoring> StartAsync(Plan plan, Action<CompassSimulatorOptions>? slow = null)
    {
        var prometheus = MonitoringTools.Require(MonitoringTools.Prometheus, "prometheus");
        var alertmanager = MonitoringTools.Require(MonitoringTools.Alertmanager, "prometheus-alertmanager");

        // The webhook receiver first: the generated Alertmanager configuration names its URLs.
        var delivered = new ConcurrentQueue<(string, string, IReadOnlyDictionary<string, string>)>();
        var receiver = await StartAppAsync(app => app.MapPost("/{receiver}", async (string receiver, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            foreach (var alert in body!["alerts"]!.AsArray())
            {
                var labels = alert!["labels"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
                delivered.Enqueue((receiver, alert["status"]!.GetValue<string>(), labels));
            }

            return Results.Ok();
        }), null);
        var receiverUrl = Address(receiver);

        var options = new ManifestOptions
        {
            Namespace = "llm",
            Simulator = true,
            Monitoring = ShortWindows with
            {
                Alertmanager = new AlertmanagerOptions
                {
                    CriticalWebhook = new Uri(receiverUrl, "critical"),
                    WarningWebhook = new Uri(receiverUrl, "warning"),
                    GroupWait = TimeSpan.FromSeconds(1),
                    GroupInterval = TimeSpan.FromSeconds(1),
                    RepeatInterval = TimeSpan.FromHours(1),
                },
            },
        };
        var set = TestPlans.Generator().Generate(plan, options: options);
        var live = new LiveMonitoring { Set = set, _receiver = receiver, _receiverQueue = delivered };
        try
        {
            // The simulator, with the very arguments the simulator-mode InferenceService passes it (the port and host
            // are Kestrel's here), then the scenario's slowdown or faults.
            live._simulator = await StartAppAsync(app => { app.Use(live.RecordAdmissionLag); app.MapCompassSimulator(); }, services => services.AddCompassSimulator(o =>
            {
                SimulatorConfiguration.Apply(o, [.. set.Settings.Arguments.Where(a => !a.StartsWith("--port", StringComparison.Ordinal) && !a.StartsWith("--host", StringComparison.Ordinal))]);
                slow?.Invoke(o);
            }));
            live.Simulator = new HttpClient { BaseAddress = Address(live._simulator), Timeout = TimeSpan.FromSeconds(120) };

            await File.WriteAllTextAsync(Path.Combine(live._folder, MonitoringBundle.RulesFileName), live.Bundle.RulesFile);
            await File.WriteAllTextAsync(Path.Combine(live._folder, "alertmanager.yml"), live.Bundle.AlertmanagerConfig);
            var amPort = MonitoringTools.FreePort();
            live.Start("alertmanager", alertmanager,
                "--config.file=" + Path.Combine(live._folder, "alertmanager.yml"), "--storage.path=" + Path.Combine(live._folder, "am"),
                $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=", "--log.level=warn");

            // Prometheus scrapes the simulator as the ServiceMonitor would have it: the target carries the namespace and
            // service labels the operator adds, which the rules' selectors match.
            var simulatorTarget = Address(live._simulator).Authority;
            var promPort = MonitoringTools.FreePort();
            var config = $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - {MonitoringBundle.RulesFileName}
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:{amPort}']
                scrape_configs:
                  - job_name: compass-simulator
                    static_configs:
                      - targets: ['{simulatorTarget}']
                        labels:
                          namespace: {set.Settings.Namespace}
                          service: {set.Settings.Name}-predictor
                """;
            await File.WriteAllTextAsync(Path.Combine(live._folder, "prometheus.yml"), config);
            live.Start("prometheus", prometheus,
                "--config.file=" + Path.Combine(live._folder, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(live._folder, "tsdb"),
                $"--web.listen-address=127.0.0.1:{promPort}", "--log.level=warn");
            live.Prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}"), Timeout = TimeSpan.FromSeconds(10) };
            await live.WaitReadyAsync(live.Prometheus, "prometheus");
            using var am = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{amPort}") };
            await live.WaitReadyAsync(am, "alertmanager");
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    private ConcurrentQueue<(string, string, IReadOnlyDictionary<string, string>)>? _receiverQueue;

    private const string DueHeader = "x-compass-test-due";
    private readonly ConcurrentQueue<double> _admissionLagMs = new();

    /// <summary>
    /// The longest time, over the last <see cref="LoadAsync"/>, from a request's scheduled arrival to the simulator's
    /// handler starting on it: how far this shared machine (the client's timer, the thread pool, Kestrel) bunched the
    /// arrivals the engine saw, which no plan accounts for.
    /// </summary>
    public TimeSpan MaxAdmissionLag => TimeSpan.FromMilliseconds(_admissionLagMs.IsEmpty ? 0 : _admissionLagMs.Max());

    private Task RecordAdmissionLag(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.TryGetValue(DueHeader, out var due) && long.TryParse(due, CultureInfo.InvariantCulture, out var dueTimestamp))
        {
            _admissionLagMs.Enqueue(Stopwatch.GetElapsedTime(dueTimestamp).TotalMilliseconds);
        }

        return next(context);
    }

    /// <summary>What Alertmanager delivered so far.</summary>
    public IReadOnlyList<(string Receiver, string Status, IReadOnlyDictionary<string, string> Labels)> Deliveries
        => [.. (_receiverQueue ?? new()).Select(d => (d.Item1, d.Item2, d.Item3))];

    /// <summary>The alerts Prometheus holds now (pending or firing), and the raw answer for failure messages.</summary>
    public async Task<(IReadOnlyList<(string Name, string State, string Severity)> Alerts, string Raw)> AlertsAsync()
    {
        var raw = await Prometheus.GetStringAsync("/api/v1/alerts");
        var alerts = JsonNode.Parse(raw)!["data"]!["alerts"]!.AsArray()
            .Select(a => (a!["labels"]!["alertname"]!.GetValue<string>(), a["state"]!.GetValue<string>(), a["labels"]!["severity"]!.GetValue<string>()))
            .ToList();
        return (alerts, raw);
    }

    /// <summary>Runs an instant query; returns the status, the error if any, and the sample values.</summary>
    public async Task<(string Status, string? Error, IReadOnlyList<double> Values, string Raw)> QueryAsync(string promql)
    {
        using var response = await Prometheus.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var raw = await response.Content.ReadAsStringAsync();
        var root = JsonNode.Parse(raw)!;
        var values = root["data"]?["result"] is JsonArray result
            ? result.Select(r => double.Parse(r!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToList()
            : [];
        return (root["status"]!.GetValue<string>(), root["error"]?.GetValue<string>(), values, raw);
    }

    /// <summary>
    /// Open-loop load at <paramref name="rate"/> requests per second until the time is up or cancelled: evenly spaced, or
    /// with <paramref name="poissonSeed"/> Poisson arrivals (exponential gaps from that seed), as plans assume. Returns the
    /// status codes seen.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> LoadAsync(double rate, int promptWords, int maxTokens, TimeSpan duration, int? poissonSeed = null, CancellationToken cancellationToken = default)
    {
        var random = poissonSeed is { } seed ? new Random(seed) : null;
        var at = 0.0;
        var statuses = new ConcurrentDictionary<int, int>();
        var prompt = string.Join(' ', Enumerable.Range(0, promptWords).Select(i => "lorem ipsum dolor sit amet consectetur".Split(' ')[i % 6]));
        var body = JsonSerializer.Serialize(new { prompt, max_tokens = maxTokens, ignore_eos = true });
        var inFlight = new List<Task>();
        _admissionLagMs.Clear();
        var clock = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(at);
            var dueTimestamp = start + (long)(due.TotalSeconds * Stopwatch.Frequency);
            at += random is null ? 1 / rate : -Math.Log(1 - random.NextDouble()) / rate;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            inFlight.Add(SendAsync(dueTimestamp));
        }

        await Task.WhenAll(inFlight);
        return statuses;

        async Task SendAsync(long dueTimestamp)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add(DueHeader, dueTimestamp.ToString(CultureInfo.InvariantCulture));
                using var response = await Simulator.SendAsync(request, cancellationToken);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>Closed-loop load: <paramref name="clients"/> clients each sending one request after another until the time is up.</summary>
    public async Task<IReadOnlyDictionary<int, int>> ClosedLoopAsync(int clients, int promptWords, int maxTokens, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var prompt = string.Join(' ', Enumerable.Repeat("lorem", promptWords));
        var body = JsonSerializer.Serialize(new { prompt, max_tokens = maxTokens, ignore_eos = true });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await Simulator.PostAsync("/v1/completions", content, cancellationToken);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        }));
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process, _) in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }

            process.Dispose();
        }

        Simulator?.Dispose();
        Prometheus?.Dispose();
        foreach (var app in new[] { _simulator, _receiver })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file; the folder is under the temp directory.
        }
    }

    /// <summary>The processes' output, for failure messages.</summary>
    public string Logs => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Log}"));

    private static async Task<WebApplication> StartAppAsync(Action<WebApplication> map, Action<IServiceCollection>? services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    private void Start(string name, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process, log));
    }

    private async Task WaitReadyAsync(HttpClient client, string name)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_processes.Single(p => p.Name == name).Process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited at start:\n{Logs}");
            }

            try
            {
                using var response = await client.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} was not ready within 30 s:\n{Logs}");
    }
}
