using System.CommandLine;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary><c>compass loadtest</c>: drive an OpenAI-compatible endpoint with a GuideLLM-style profile and report the latencies.</summary>
internal sealed class LoadTestCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _url = CliOptions.Text("url", "the server's base URL, e.g. http://localhost:8000 (a trailing /v1 is fine); required", "URL");
    private readonly Option<string?> _model = CliOptions.Name("model", "the served model name; required", "M", "meta-llama/Llama-3.1-8B-Instruct");
    private readonly Option<string?> _profile = CliOptions.Text("profile", "synchronous (one request at a time), concurrent (--concurrency N in flight), throughput (as many as --max-concurrency allows), constant or poisson (--rate R requests/s, evenly spaced or Poisson), sweep (synchronous, throughput, then constant rates between the two; --rate N sets the number of benchmarks, default 10); required", "P");
    private readonly Option<double?> _rate = CliOptions.Number("rate", 0.001, 1e6, "requests per second (constant, poisson); benchmarks in all (sweep)", "req/s", helpName: "R");
    private readonly Option<int?> _concurrency = CliOptions.Int("concurrency", 1, 100_000, "requests in flight (concurrent)");
    private readonly Option<int?> _maxConcurrency = CliOptions.Int("max-concurrency", 1, 100_000, "the most requests in flight for any profile (default 256)");
    private readonly Option<double?> _duration = CliOptions.Number("duration", 0.1, 86_400, "how long each benchmark issues requests, in seconds (this, --requests, or both)", "s", helpName: "S");
    private readonly Option<int?> _requests = CliOptions.Int("requests", 1, 10_000_000, "how many requests each benchmark issues");
    private readonly Option<string?> _promptTokens = CliOptions.Text("prompt-tokens", "prompt lengths: 512, normal:512,128, lognormal:512,128[,MIN,MAX], empirical:N1,N2,... or sharegpt; required", "DIST");
    private readonly Option<string?> _outputTokens = CliOptions.Text("output-tokens", "output lengths (sent as max_tokens with ignore_eos), same forms; required", "DIST");
    private readonly Option<double?> _warmup = CliOptions.Number("warmup", 0.1, 86_400, "seconds each benchmark runs before measuring (requests sent then are left out, --metrics reads the server at its end); added to --duration", "s", helpName: "S");
    private readonly Option<int?> _seed = CliOptions.Int("seed", 0, int.MaxValue, "seed for prompts, lengths and arrivals (default 42)", "S");
    private readonly Option<double?> _timeout = CliOptions.Number("timeout", 0.1, 86_400, "seconds before a request counts as incomplete (default 300)", "s", helpName: "S");
    private readonly Option<bool> _chat = CliOptions.Flag("chat", "stream from /v1/chat/completions instead of /v1/completions");
    private readonly Option<bool> _metrics = CliOptions.Flag("metrics", "also read the server's /metrics before and after each benchmark");
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the report (GuideLLM layout, without per-request records) as JSON");
    private readonly Option<string?> _out = CliOptions.Text("out", "write the full report, with every request, as JSON (GuideLLM layout); never an existing file unless --force", "FILE");
    private readonly Option<bool> _force = CliOptions.Flag("force", "replace --out FILE if it exists");

    public LoadTestCommand(CliContext context)
        : base("loadtest", """
            Load an OpenAI-compatible endpoint (GuideLLM-style profiles).

            Streams requests to an OpenAI-compatible endpoint (vLLM, the Compass simulator, a KServe URL) and measures
            TTFT, inter-token latency, E2E latency and throughput from the SSE stream.

            Exit codes: 0 measured; 1 the endpoint is unreachable, not OpenAI-compatible, or every request failed; 2 bad input.
            """)
    {
        _context = context;
        foreach (var option in new Option[]
        {
            _url, _model, _profile, _rate, _concurrency, _maxConcurrency, _duration, _requests, _promptTokens, _outputTokens, _warmup, _seed, _timeout,
            _chat, _metrics, _json, _out, _force,
        })
        {
            Options.Add(option);
        }

        SetAction((result, cancellationToken) => LoadCommands.RunAsync(_context, (tester, progress) => RunAsync(result, tester, progress, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, LoadTester tester, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        var url = LoadCommands.Url(result.GetValue(_url));
        var model = result.GetValue(_model) ?? throw new CliException("Give --model, the served model name (as in the server's /v1/models).");
        ReportFile.Check(result.GetValue(_out), result.GetValue(_force));
        var maxConcurrency = result.GetValue(_maxConcurrency) ?? 256;
        var profile = Profile(result, maxConcurrency);
        var options = new LoadTestOptions
        {
            Endpoint = url,
            Model = model,
            Profile = profile,
            PromptTokens = LoadCommands.Distribution(result.GetValue(_promptTokens), "prompt-tokens"),
            OutputTokens = LoadCommands.Distribution(result.GetValue(_outputTokens), "output-tokens"),
            Api = result.GetValue(_chat) ? LoadApi.ChatCompletions : LoadApi.Completions,
            DurationSeconds = result.GetValue(_duration),
            MaxRequests = result.GetValue(_requests),
            WarmupSeconds = result.GetValue(_warmup),
            Seed = result.GetValue(_seed) ?? 42,
            MaxConcurrency = maxConcurrency,
            RequestTimeout = TimeSpan.FromSeconds(result.GetValue(_timeout) ?? 300),
            ScrapeServerMetrics = result.GetValue(_metrics),
        };
        if (options.DurationSeconds is null && options.MaxRequests is null)
        {
            throw new CliException("Give --duration S or --requests N (or both): how long each benchmark runs.");
        }

        var report = await tester.RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
        if (report.Benchmarks.All(b => b.Metrics.RequestTotals.Successful == 0))
        {
            var first = report.Benchmarks.SelectMany(b => b.Requests).FirstOrDefault(r => r.Error is not null);
            throw new CliException($"No request to {options.RequestUri()} succeeded{(first is null ? "." : ": " + first.Error)}", ExitCodes.Failure);
        }

        await ReportFile.WriteAsync(result.GetValue(_out), result.GetValue(_force), GuideLlmReport.ToJson(report), cancellationToken).ConfigureAwait(false);

        if (result.GetValue(_json))
        {
            await stdout.WriteLineAsync(GuideLlmReport.ToJson(report, includeRequests: false)).ConfigureAwait(false);
        }
        else
        {
            LoadTestPrinter.Print(stdout, report, result.GetValue(_out));
        }

        return ExitCodes.Success;
    }

    private LoadProfile Profile(ParseResult result, int maxConcurrency)
    {
        var name = result.GetValue(_profile)?.Trim().ToLowerInvariant() ?? throw new CliException("Give --profile: synchronous, concurrent, throughput, constant, poisson or sweep.");
        var rate = result.GetValue(_rate);
        var concurrency = result.GetValue(_concurrency);
        if (concurrency > maxConcurrency)
        {
            throw new CliException(LoadCommands.F($"--concurrency must be between 1 and {maxConcurrency:N0} (--max-concurrency) (got {concurrency})."));
        }
        void No(string option, bool given)
        {
            if (given)
            {
                throw new CliException($"--{option} does not apply to --profile {name}.");
            }
        }

        switch (name)
        {
            case "synchronous":
                No("rate", rate is not null);
                No("concurrency", concurrency is not null);
                return LoadProfile.Synchronous();
            case "throughput":
                No("rate", rate is not null);
                No("concurrency", concurrency is not null);
                return LoadProfile.Throughput();
            case "concurrent":
                No("rate", rate is not null);
                return LoadProfile.Concurrent(concurrency ?? throw new CliException("--profile concurrent needs --concurrency N, the requests kept in flight."));
            case "constant" or "poisson":
                No("concurrency", concurrency is not null);
                var r = rate ?? throw new CliException($"--profile {name} needs --rate R, in requests per second.");
                return name == "constant" ? LoadProfile.Constant(r) : LoadProfile.Poisson(r);
            case "sweep":
                No("concurrency", concurrency is not null);
                var total = rate ?? 10;
                if (total != Math.Floor(total) || total < 3 || total > 102)
                {
                    throw new CliException(LoadCommands.F($"--rate for a sweep is the number of benchmarks, a whole number from 3 to 102 (got {total})."));
                }

                return LoadProfile.Sweep((int)total - 2);
            default:
                throw new CliException($"--profile must be one of synchronous, concurrent, throughput, constant, poisson, sweep (got '{name}').");
        }
    }
}
