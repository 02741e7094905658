using System.CommandLine;
using System.Globalization;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;
using Compass.Planning.Specification;

namespace Compass.Cli.Commands;

/// <summary><c>compass simulate</c>: a continuous-batching simulation of one configuration under a given load.</summary>
internal sealed class SimulateCommand : Command
{
    private const int DefaultRequests = 1000;
    private const int DefaultSeed = 42;

    private static readonly Dictionary<string, RouterPolicy> Routers = new(StringComparer.Ordinal)
    {
        ["round-robin"] = RouterPolicy.RoundRobin, ["least-loaded"] = RouterPolicy.LeastLoaded,
    };

    private readonly CliContext _context;
    private readonly Option<string?> _model = CliOptions.Name("model", "a model id or alias ('compass catalog models'); required", "M", "llama-3.1-8b", "compass catalog models")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Models.Select(m => m.Id.Value));
    private readonly Option<string?> _gpu = CliOptions.Name("gpu", "one GPU type ('compass catalog gpus'); required", "G", "H100", "compass catalog gpus")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Gpus.Select(g => g.Type.Value));
    private readonly Option<double?> _rate = CliOptions.Number("rate", 0.001, 1e6, "open loop: mean arrival rate in requests per second, over all replicas (give --rate or --concurrency)", "req/s", helpName: "QPS");
    private readonly Option<int?> _concurrency = CliOptions.Int("concurrency", 1, ClosedLoopSpec.MaxConcurrency, "closed loop: N users, each sending its next request when its last one finished (vllm bench serve --max-concurrency N, GuideLLM's concurrent profile)");
    private readonly Option<string?> _promptTokens = CliOptions.Text("prompt-tokens", "prompt lengths (required): 512, normal:512,128, lognormal:512,128[,MIN,MAX], empirical:N1,N2,... or sharegpt (ShareGPT-like: log-normal, mean 225 prompt / 200 output tokens)", "DIST");
    private readonly Option<string?> _outputTokens = CliOptions.Text("output-tokens", "output lengths (required), same forms", "DIST");
    private readonly Option<int?> _tp = CliOptions.Int("tp", 1, 64, "tensor parallelism per replica (default 1)");
    private readonly Option<string?> _quant = CliOptions.Text("quant", "weight format (default: the model's first)", "Q");
    private readonly Option<string?> _kvCacheDtype = CliOptions.Text("kv-cache-dtype", "vLLM's --kv-cache-dtype: auto (default, the model's 16-bit dtype), fp8, fp8_e4m3 or fp8_e5m2 (1 byte per element: twice the KV-cache tokens, half the KV reads)", "D");
    private readonly Option<int?> _replicas = CliOptions.Int("replicas", 1, 1000, "replicas behind the router (default 1)", "R");
    private readonly Option<RouterPolicy?> _router = CliOptions.Choice("router", Routers, "round-robin (default) or least-loaded");
    private readonly Option<string?> _arrival = CliOptions.Text("arrival", "open loop: poisson (default), gamma:CV (bursty for CV > 1) or constant", "A");
    private readonly Option<string?> _thinkTime = CliOptions.Text("think-time", "closed loop: each user's pause before its next request, in seconds: 2, exponential:MEAN, uniform:MIN,MAX or lognormal:MEAN,STDEV (default 0)", "T");
    private readonly Option<double?> _rampUp = CliOptions.Number("ramp-up", 0, 86_400, "closed loop: start the users evenly over S seconds (default 0: all at once)", "s", helpName: "S");
    private readonly Option<int?> _requests = CliOptions.Int("requests", 1, Workload.MaxRequests, "requests to simulate (default 1000) ...");
    private readonly Option<double?> _duration = CliOptions.Number("duration", 0.001, 31_536_000, "... or seconds during which requests are sent (give one of the two)", "s", helpName: "S");
    private readonly Option<int?> _seed = CliOptions.Int("seed", 0, int.MaxValue, "random seed for arrivals and lengths (default 42)", "S");
    private readonly Option<double?> _warmup = CliOptions.Number("warmup", 0, 0.9, "fraction of requests left out of the figures (0.1 or 10%; default 0)", allowPercent: true);
    private readonly Option<double?> _ttft = CliOptions.Number("ttft", 1, 3_600_000, "per-request TTFT target for goodput, in milliseconds", "ms", helpName: "MS");
    private readonly Option<double?> _itl = CliOptions.Number("itl", 0.1, 60_000, "per-request ITL target for goodput, in milliseconds", "ms", helpName: "MS");
    private readonly Option<double?> _e2e = CliOptions.Number("e2e", 1, 36_000_000, "per-request E2E target for goodput, in milliseconds", "ms", helpName: "MS");
    private readonly Option<int?> _maxNumSeqs = CliOptions.Int("max-num-seqs", 1, 65_536, "vLLM --max-num-seqs (default 256)");
    private readonly Option<int?> _maxNumBatchedTokens = CliOptions.Int("max-num-batched-tokens", 1, 1_048_576, "vLLM --max-num-batched-tokens (default 8192)");
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the result as JSON");

    public SimulateCommand(CliContext context)
        : base("simulate", """
            Continuous-batching simulation of one configuration under load.

            Simulates vLLM-style continuous batching (chunked prefill, KV-cache blocks, preemption by recompute) on
            replicas of one configuration, with step times from the physics model, and prints the latency distribution,
            throughput, goodput, KV-cache use and whether the deployment keeps up. Required: --model, --gpu, --rate or
            --concurrency, --prompt-tokens and --output-tokens.

            Percentiles are nearest-rank. Exit codes: 0 simulated; 2 bad input; 3 the model does not fit the GPUs.
            """)
    {
        _context = context;
        foreach (var option in new Option[]
        {
            _model, _gpu, _rate, _concurrency, _promptTokens, _outputTokens, _tp, _quant, _kvCacheDtype, _replicas, _router, _arrival, _thinkTime,
            _rampUp, _requests, _duration, _seed, _warmup, _ttft, _itl, _e2e, _maxNumSeqs, _maxNumBatchedTokens, _json,
        })
        {
            Options.Add(option);
        }

        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        var catalog = await CliServices.CatalogAsync(_context.KnowledgeBase(result), cancellationToken).ConfigureAwait(false);
        var modelName = result.GetValue(_model) ?? throw new CliException("Give --model, e.g. --model llama-3.1-8b ('compass catalog models' lists them).");
        var gpuName = result.GetValue(_gpu) ?? throw new CliException("Give --gpu, e.g. --gpu H100 ('compass catalog gpus' lists them).");
        var model = catalog.GetModel(SpecificationBuilder.ResolveModels(catalog, [modelName])[0])!;
        var gpu = ConfigurationOptions.ResolveOneGpu(catalog, gpuName);
        var tp = result.GetValue(_tp) ?? 1;
        var quantization = result.GetValue(_quant) is { } q ? ConfigurationOptions.ParseFormat(model, q) : model.Quantizations[0].Quantization;
        if (model.Architecture.AttentionHeads % tp != 0)
        {
            throw new CliException($"--tp {tp} does not divide {model.Id}'s {model.Architecture.AttentionHeads} attention heads; use a divisor such as 1, 2 or 4.");
        }

        var load = ReadLoad(result);
        var contextNeeded = (long)load.PromptTokens.Max + load.OutputTokens.Max;
        if (contextNeeded > model.Architecture.MaxContext)
        {
            throw new CliException(F($"The longest prompt ({load.PromptTokens.Max:N0}) plus the longest output ({load.OutputTokens.Max:N0}) exceed {model.Id}'s {model.Architecture.MaxContext:N0}-token context window; give MIN,MAX bounds or shorter lengths."));
        }

        var kvCacheDtype = ConfigurationOptions.ParseKvCacheDtype(result.GetValue(_kvCacheDtype));
        var defaults = new ServingLimits();
        var limits = defaults with
        {
            MaxNumSeqs = result.GetValue(_maxNumSeqs) ?? defaults.MaxNumSeqs,
            MaxNumBatchedTokens = result.GetValue(_maxNumBatchedTokens) ?? defaults.MaxNumBatchedTokens,
            KvCacheDtype = kvCacheDtype,
        };
        EngineProfile profile;
        try
        {
            profile = EngineProfiles.Create(catalog, model, quantization, gpu, tp, limits);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ExitCodes.NoFeasiblePlan);
        }

        var goodput = new GoodputTargets
        {
            TtftMs = result.GetValue(_ttft),
            ItlMs = result.GetValue(_itl),
            E2eMs = result.GetValue(_e2e),
        };
        var options = new SimulationOptions
        {
            Profile = profile,
            Replicas = result.GetValue(_replicas) ?? 1,
            Router = result.GetValue(_router) ?? RouterPolicy.RoundRobin,
            Goodput = goodput.IsEmpty ? null : goodput,
            WarmupFraction = result.GetValue(_warmup) ?? 0,
        };
        var seed = result.GetValue(_seed) ?? DefaultSeed;
        SimulationResult simulation;
        try
        {
            using (_context.Status("simulating"))
            {
                simulation = load.Open is { } open ? ServingSimulator.Run(open, seed, options) : ServingSimulator.Run(load.Closed!, seed, options);
            }
        }
        catch (ArgumentException ex)
        {
            // The simulator's own checks on the workload (e.g. a closed loop whose every request overflows the KV cache).
            throw new CliException(FirstSentence(ex));
        }

        var run = new SimulationRun(model, quantization, kvCacheDtype, gpu, tp, load.Open, load.Closed, seed, options, simulation);
        if (result.GetValue(_json))
        {
            await stdout.WriteLineAsync(SimulationPrinter.Json(run)).ConfigureAwait(false);
        }
        else
        {
            SimulationPrinter.Print(stdout, run);
        }

        return ExitCodes.Success;
    }

    /// <summary>The open- or closed-loop workload the options describe.</summary>
    private sealed record Load(WorkloadSpec? Open, ClosedLoopSpec? Closed)
    {
        public TokenDistribution PromptTokens => Open?.PromptTokens ?? Closed!.PromptTokens;

        public TokenDistribution OutputTokens => Open?.OutputTokens ?? Closed!.OutputTokens;
    }

    private Load ReadLoad(ParseResult result)
    {
        var closed = result.GetValue(_concurrency) is not null;
        if (closed && result.GetValue(_rate) is not null)
        {
            throw new CliException("Give --rate (open loop: requests arrive at that rate) or --concurrency (closed loop: that many users wait for their responses), not both.");
        }

        foreach (var (option, needs) in new (Option Option, string Needs)[] { (_thinkTime, "concurrency"), (_rampUp, "concurrency"), (_arrival, "rate") })
        {
            if (result.GetResult(option) is not null && closed != (needs == "concurrency"))
            {
                throw new CliException(needs == "concurrency"
                    ? $"{option.Name} applies to a closed loop only; give --concurrency N instead of --rate."
                    : $"{option.Name} applies to an open loop only; give --rate instead of --concurrency (a closed loop's arrivals follow its responses).");
            }
        }

        var concurrency = result.GetValue(_concurrency);
        var rate = closed ? (double?)null : result.GetValue(_rate)
            ?? throw new CliException("Give --rate, the mean arrival rate in requests per second (e.g. --rate 20), or --concurrency, the number of users (e.g. --concurrency 32).");
        var prompt = ParseDistribution(result.GetValue(_promptTokens), "prompt-tokens", TokenLengthRole.Prompt);
        var output = ParseDistribution(result.GetValue(_outputTokens), "output-tokens", TokenLengthRole.Output);
        var requests = result.GetValue(_requests);
        var duration = result.GetValue(_duration);
        if (requests is not null && duration is not null)
        {
            throw new CliException("Give --requests or --duration, not both.");
        }

        if (concurrency is { } users)
        {
            ThinkTime think;
            try
            {
                think = result.GetValue(_thinkTime) is { } t ? ThinkTime.Parse(t) : ThinkTime.None;
            }
            catch (FormatException ex)
            {
                throw new CliException("--think-time: " + ex.Message);
            }

            return new Load(null, new ClosedLoopSpec
            {
                Concurrency = users,
                ThinkTime = think,
                RampUpSeconds = result.GetValue(_rampUp) ?? 0,
                PromptTokens = prompt,
                OutputTokens = output,
                Requests = duration is null ? requests ?? DefaultRequests : null,
                DurationSeconds = duration,
            });
        }

        ArrivalPattern arrivals;
        try
        {
            arrivals = result.GetValue(_arrival) is { } a ? ArrivalPattern.Parse(a) : ArrivalPattern.Poisson;
        }
        catch (FormatException ex)
        {
            throw new CliException("--arrival: " + ex.Message);
        }

        return new Load(new WorkloadSpec
        {
            RatePerSecond = rate!.Value,
            Arrivals = arrivals,
            PromptTokens = prompt,
            OutputTokens = output,
            Requests = duration is null ? requests ?? DefaultRequests : null,
            DurationSeconds = duration,
        }, null);
    }

    private static TokenDistribution ParseDistribution(string? text, string option, TokenLengthRole role)
    {
        if (text is null)
        {
            throw new CliException($"Give --{option}, e.g. --{option} lognormal:512,128 (or a fixed length such as 512, or sharegpt).");
        }

        try
        {
            return TokenDistribution.Parse(text, role);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--{option}: {ex.Message}");
        }
    }

    private static string FirstSentence(ArgumentException ex)
    {
        var reason = ex.Message.ReplaceLineEndings("\n").Split('\n')[0];
        var cut = reason.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? reason[..cut] : reason;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
