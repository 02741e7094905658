using Compass.Cli.Output;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary><c>compass loadtest</c>: drive an OpenAI-compatible endpoint with a GuideLLM-style profile and report the latencies.</summary>
internal static class LoadTestCommand
{
    public const string Usage = """
        Usage: compass loadtest --url URL --model M --profile P [--rate R | --concurrency N] (--duration S | --requests N)
                                --prompt-tokens DIST --output-tokens DIST [options]

        Streams requests to an OpenAI-compatible endpoint (vLLM, the Compass simulator, a KServe URL) and measures
        TTFT, inter-token latency, E2E latency and throughput from the SSE stream.

        Required:
          --url URL              the server's base URL, e.g. http://localhost:8000 (a trailing /v1 is fine)
          --model M              the served model name
          --profile P            synchronous   one request at a time
                                 concurrent    --concurrency N requests always in flight
                                 throughput    as many in flight as --max-concurrency allows
                                 constant      --rate R requests/s, evenly spaced
                                 poisson       --rate R requests/s, Poisson arrivals
                                 sweep         synchronous, throughput, then constant rates between the two;
                                               --rate N sets the number of benchmarks in all (default 10)
          --duration S | --requests N   how long each benchmark issues requests (either or both)
          --prompt-tokens DIST   prompt lengths: 512, normal:512,128, lognormal:512,128[,MIN,MAX], empirical:N1,N2,... or sharegpt
          --output-tokens DIST   output lengths (sent as max_tokens with ignore_eos), same forms

        Options:
          --rate R               requests per second (constant, poisson); benchmarks in all (sweep)
          --concurrency N        requests in flight (concurrent)
          --max-concurrency N    the most requests in flight for any profile (default 256)
          --warmup S             seconds each benchmark runs before measuring (requests sent then are left out,
                                 --metrics reads the server at its end); added to --duration
          --seed S               seed for prompts, lengths and arrivals (default 42)
          --timeout S            seconds before a request counts as incomplete (default 300)
          --chat                 stream from /v1/chat/completions instead of /v1/completions
          --metrics              also read the server's /metrics before and after each benchmark
          --json                 print the report (GuideLLM layout, without per-request records) as JSON
          --out FILE             write the full report, with every request, as JSON (GuideLLM layout); never
                                 an existing file unless --force
          --force                replace --out FILE if it exists

        Exit codes: 0 measured; 1 the endpoint is unreachable, not OpenAI-compatible, or every request failed; 2 bad input.
        """;

    public static readonly string[] Options =
        ["url", "model", "profile", "rate", "concurrency", "max-concurrency", "duration", "requests", "prompt-tokens", "output-tokens", "warmup", "seed", "timeout", "out"];

    public static readonly string[] Flags = ["chat", "metrics", "json", "force"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, LoadTester tester, IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass loadtest' takes options only (got '{line.Positionals[0]}'). Example: compass loadtest --url http://localhost:8000 --model m --profile poisson --rate 4 --duration 60 --prompt-tokens 512 --output-tokens 256");
        }

        var url = LoadCommands.Url(line);
        var model = line.Get("model") ?? throw new CliException("Give --model, the served model name (as in the server's /v1/models).");
        ReportFile.Check(line);
        var maxConcurrency = line.GetInt("max-concurrency", 1, 100_000) ?? 256;
        var profile = Profile(line, maxConcurrency);
        var options = new LoadTestOptions
        {
            Endpoint = url,
            Model = model,
            Profile = profile,
            PromptTokens = LoadCommands.Distribution(line, "prompt-tokens"),
            OutputTokens = LoadCommands.Distribution(line, "output-tokens"),
            Api = line.Has("chat") ? LoadApi.ChatCompletions : LoadApi.Completions,
            DurationSeconds = line.GetDouble("duration", 0.1, 86_400, "s"),
            MaxRequests = line.GetInt("requests", 1, 10_000_000),
            WarmupSeconds = line.GetDouble("warmup", 0.1, 86_400, "s"),
            Seed = line.GetInt("seed", 0, int.MaxValue) ?? 42,
            MaxConcurrency = maxConcurrency,
            RequestTimeout = TimeSpan.FromSeconds(line.GetDouble("timeout", 0.1, 86_400, "s") ?? 300),
            ScrapeServerMetrics = line.Has("metrics"),
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

        await ReportFile.WriteAsync(line, GuideLlmReport.ToJson(report), cancellationToken).ConfigureAwait(false);

        if (line.Has("json"))
        {
            await stdout.WriteLineAsync(GuideLlmReport.ToJson(report, includeRequests: false)).ConfigureAwait(false);
        }
        else
        {
            LoadTestPrinter.Print(stdout, report, line.Get("out"));
        }

        return ExitCodes.Success;
    }

    private static LoadProfile Profile(CommandLine line, int maxConcurrency)
    {
        var name = line.Get("profile")?.Trim().ToLowerInvariant() ?? throw new CliException("Give --profile: synchronous, concurrent, throughput, constant, poisson or sweep.");
        var rate = line.GetDouble("rate", 0.001, 1e6, "req/s");
        var concurrency = line.GetInt("concurrency", 1, maxConcurrency);
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
