using System.Globalization;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Compass.Planning.Simulation;
using Compass.Planning.Specification;

namespace Compass.Cli.Commands;

/// <summary><c>compass simulate</c>: a continuous-batching simulation of one configuration under a given load.</summary>
internal static class SimulateCommand
{
    public const string Usage = """
        Usage: compass simulate --model M --gpu G (--rate QPS | --concurrency N) --prompt-tokens DIST --output-tokens DIST [options]

        Simulates vLLM-style continuous batching (chunked prefill, KV-cache blocks, preemption by recompute) on
        replicas of one configuration, with step times from the physics model, and prints the latency distribution,
        throughput, goodput, KV-cache use and whether the deployment keeps up.

        Required:
          --model M              a model id or alias ('compass catalog models')
          --gpu G                one GPU type ('compass catalog gpus')
          --rate QPS             open loop: mean arrival rate in requests per second, over all replicas, or
          --concurrency N        closed loop: N users, each sending its next request when its last one finished
                                 (vllm bench serve --max-concurrency N, GuideLLM's concurrent profile); give one
          --prompt-tokens DIST   prompt lengths: 512, normal:512,128, lognormal:512,128[,MIN,MAX], empirical:N1,N2,...
                                 or sharegpt (ShareGPT-like: log-normal, mean 225 prompt / 200 output tokens)
          --output-tokens DIST   output lengths, same forms

        Options:
          --tp N                 tensor parallelism per replica (default 1)
          --quant Q              weight format (default: the model's first)
          --kv-cache-dtype D     vLLM's --kv-cache-dtype: auto (default, the model's 16-bit dtype), fp8, fp8_e4m3 or
                                 fp8_e5m2 (1 byte per element: twice the KV-cache tokens, half the KV reads)
          --replicas R           replicas behind the router (default 1)
          --router P             round-robin (default) or least-loaded
          --arrival A            open loop: poisson (default), gamma:CV (bursty for CV > 1) or constant
          --think-time T         closed loop: each user's pause before its next request, in seconds: 2, exponential:MEAN,
                                 uniform:MIN,MAX or lognormal:MEAN,STDEV (default 0)
          --ramp-up S            closed loop: start the users evenly over S seconds (default 0: all at once)
          --requests N           requests to simulate (default 1000) ...
          --duration S           ... or seconds during which requests are sent (give one of the two)
          --seed S               random seed for arrivals and lengths (default 42)
          --warmup F             fraction of requests left out of the figures (0.1 or 10%; default 0)
          --ttft MS --itl MS --e2e MS   per-request targets for goodput (any of them)
          --max-num-seqs N       vLLM --max-num-seqs (default 256)
          --max-num-batched-tokens N   vLLM --max-num-batched-tokens (default 8192)
          --json                 print the result as JSON

        Percentiles are nearest-rank. Exit codes: 0 simulated; 2 bad input; 3 the model does not fit the GPUs.
        """;

    private const int DefaultRequests = 1000;
    private const int DefaultSeed = 42;

    private static readonly string[] Options =
    [
        "model", "gpu", "tp", "quant", "replicas", "router", "rate", "arrival", "prompt-tokens", "output-tokens", "requests", "duration",
        "seed", "warmup", "ttft", "itl", "e2e", "max-num-seqs", "max-num-batched-tokens", "concurrency", "think-time", "ramp-up", "kv-cache-dtype",
    ];

    private static readonly Dictionary<string, RouterPolicy> Routers = new(StringComparer.Ordinal)
    {
        ["round-robin"] = RouterPolicy.RoundRobin, ["least-loaded"] = RouterPolicy.LeastLoaded,
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, KnowledgeCatalog catalog)
    {
        var line = CommandLine.Parse("simulate", args, Options, ["json"]);
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass simulate' takes options only (got '{line.Positionals[0]}'). Example: compass simulate --model llama-3.1-8b --gpu H100 --rate 20 --prompt-tokens 512 --output-tokens 256");
        }

        var modelName = line.Get("model") ?? throw new CliException("Give --model, e.g. --model llama-3.1-8b ('compass catalog models' lists them).");
        var gpuName = line.Get("gpu") ?? throw new CliException("Give --gpu, e.g. --gpu H100 ('compass catalog gpus' lists them).");
        var model = catalog.GetModel(SpecificationBuilder.ResolveModels(catalog, [modelName])[0])!;
        var gpu = ConfigurationOptions.ResolveOneGpu(catalog, gpuName);
        var tp = line.GetInt("tp", 1, 64) ?? 1;
        var quantization = line.Get("quant") is { } q ? ConfigurationOptions.ParseFormat(model, q) : model.Quantizations[0].Quantization;
        if (model.Architecture.AttentionHeads % tp != 0)
        {
            throw new CliException($"--tp {tp} does not divide {model.Id}'s {model.Architecture.AttentionHeads} attention heads; use a divisor such as 1, 2 or 4.");
        }

        var load = ReadLoad(line);
        var contextNeeded = (long)load.PromptTokens.Max + load.OutputTokens.Max;
        if (contextNeeded > model.Architecture.MaxContext)
        {
            throw new CliException(F($"The longest prompt ({load.PromptTokens.Max:N0}) plus the longest output ({load.OutputTokens.Max:N0}) exceed {model.Id}'s {model.Architecture.MaxContext:N0}-token context window; give MIN,MAX bounds or shorter lengths."));
        }

        var kvCacheDtype = ConfigurationOptions.ParseKvCacheDtype(line);
        var defaults = new ServingLimits();
        var limits = defaults with
        {
            MaxNumSeqs = line.GetInt("max-num-seqs", 1, 65_536) ?? defaults.MaxNumSeqs,
            MaxNumBatchedTokens = line.GetInt("max-num-batched-tokens", 1, 1_048_576) ?? defaults.MaxNumBatchedTokens,
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
            TtftMs = line.GetDouble("ttft", 1, 3_600_000, "ms"),
            ItlMs = line.GetDouble("itl", 0.1, 60_000, "ms"),
            E2eMs = line.GetDouble("e2e", 1, 36_000_000, "ms"),
        };
        var options = new SimulationOptions
        {
            Profile = profile,
            Replicas = line.GetInt("replicas", 1, 1000) ?? 1,
            Router = line.GetChoice("router", Routers) ?? RouterPolicy.RoundRobin,
            Goodput = goodput.IsEmpty ? null : goodput,
            WarmupFraction = line.GetDouble("warmup", 0, 0.9, allowPercent: true) ?? 0,
        };
        var seed = line.GetInt("seed", 0, int.MaxValue) ?? DefaultSeed;
        SimulationResult result;
        try
        {
            result = load.Open is { } open ? ServingSimulator.Run(open, seed, options) : ServingSimulator.Run(load.Closed!, seed, options);
        }
        catch (ArgumentException ex)
        {
            // The simulator's own checks on the workload (e.g. a closed loop whose every request overflows the KV cache).
            throw new CliException(FirstSentence(ex));
        }

        var run = new SimulationRun(model, quantization, kvCacheDtype, gpu, tp, load.Open, load.Closed, seed, options, result);
        if (line.Has("json"))
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

    private static Load ReadLoad(CommandLine line)
    {
        if (line.Has("rate") && line.Has("concurrency"))
        {
            throw new CliException("Give --rate (open loop: requests arrive at that rate) or --concurrency (closed loop: that many users wait for their responses), not both.");
        }

        var closed = line.Has("concurrency");
        foreach (var (option, needs) in new[] { ("think-time", "concurrency"), ("ramp-up", "concurrency"), ("arrival", "rate") })
        {
            if (line.Has(option) && closed != (needs == "concurrency"))
            {
                throw new CliException(needs == "concurrency"
                    ? $"--{option} applies to a closed loop only; give --concurrency N instead of --rate."
                    : $"--{option} applies to an open loop only; give --rate instead of --concurrency (a closed loop's arrivals follow its responses).");
            }
        }

        var concurrency = line.GetInt("concurrency", 1, ClosedLoopSpec.MaxConcurrency);
        var rate = closed ? (double?)null : line.GetDouble("rate", 0.001, 1e6, "req/s")
            ?? throw new CliException("Give --rate, the mean arrival rate in requests per second (e.g. --rate 20), or --concurrency, the number of users (e.g. --concurrency 32).");
        var prompt = ParseDistribution(line, "prompt-tokens", TokenLengthRole.Prompt);
        var output = ParseDistribution(line, "output-tokens", TokenLengthRole.Output);
        if (line.Has("requests") && line.Has("duration"))
        {
            throw new CliException("Give --requests or --duration, not both.");
        }

        var requests = line.GetInt("requests", 1, Workload.MaxRequests);
        var duration = line.GetDouble("duration", 0.001, 31_536_000, "s");
        if (concurrency is { } users)
        {
            ThinkTime think;
            try
            {
                think = line.Get("think-time") is { } t ? ThinkTime.Parse(t) : ThinkTime.None;
            }
            catch (FormatException ex)
            {
                throw new CliException("--think-time: " + ex.Message);
            }

            return new Load(null, new ClosedLoopSpec
            {
                Concurrency = users,
                ThinkTime = think,
                RampUpSeconds = line.GetDouble("ramp-up", 0, 86_400, "s") ?? 0,
                PromptTokens = prompt,
                OutputTokens = output,
                Requests = duration is null ? requests ?? DefaultRequests : null,
                DurationSeconds = duration,
            });
        }

        ArrivalPattern arrivals;
        try
        {
            arrivals = line.Get("arrival") is { } a ? ArrivalPattern.Parse(a) : ArrivalPattern.Poisson;
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

    private static TokenDistribution ParseDistribution(CommandLine line, string option, TokenLengthRole role)
    {
        var text = line.Get(option) ?? throw new CliException($"Give --{option}, e.g. --{option} lognormal:512,128 (or a fixed length such as 512, or sharegpt).");
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
