using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Planning.Simulation;

namespace Compass.Observability.LoadTesting;

/// <summary>
/// Maps a published benchmark's configuration — a GuideLLM profile (as <see cref="LoadTester"/> runs it) or a
/// <c>vllm bench serve</c> command line — to the simulation workload that offers the same load, so a measured run and a
/// simulated one can be compared like for like.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Benchmark</term><description>Simulation</description></listheader>
/// <item><term>GuideLLM <c>synchronous</c></term><description>closed loop of 1 user</description></item>
/// <item><term>GuideLLM <c>concurrent</c> (N streams)</term><description>closed loop of N users</description></item>
/// <item><term>GuideLLM <c>throughput</c></term><description>closed loop of max-concurrency users</description></item>
/// <item><term>GuideLLM <c>constant</c> / <c>poisson</c> (and gamma) at R</term><description>open loop at R with the same arrival process</description></item>
/// <item><term>GuideLLM <c>sweep</c></term><description>one of the above per benchmark of its report (its rates are measured, not configured)</description></item>
/// <item><term><c>vllm bench serve --request-rate inf --max-concurrency N</c></term><description>closed loop of N users</description></item>
/// <item><term><c>vllm bench serve --request-rate inf</c> (no cap)</term><description>every prompt at t = 0: a closed loop of num-prompts users sending one request each</description></item>
/// <item><term><c>vllm bench serve --request-rate R [--burstiness B]</c></term><description>open loop at R: Poisson for B = 1, else gamma gaps with CV = 1/√B</description></item>
/// </list>
/// None of the benchmarks has think time. An open loop's client-side cap on requests in flight (GuideLLM's and the load
/// tester's max concurrency, vllm's <c>--max-concurrency</c> with a finite rate) is not simulated; it binds only when the
/// server falls behind, and the mapping says so in <see cref="EquivalentWorkload.Notes"/>.
/// </remarks>
public static class BenchmarkWorkloads
{
    /// <summary>Maps a load test of one benchmark (any profile but a sweep).</summary>
    /// <param name="options">The load test.</param>
    /// <returns>The equivalent workload.</returns>
    /// <exception cref="ArgumentException">The profile is a sweep (map each benchmark of its report instead), or the options are invalid.</exception>
    public static EquivalentWorkload For(LoadTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Profile?.Kind == LoadProfileKind.Sweep)
        {
            throw new ArgumentException(
                "A sweep's rates come from its own synchronous and throughput benchmarks, so it has no single workload; map each benchmark of its report with For(options, benchmark).",
                nameof(options));
        }

        return For(options, options.Profile!);
    }

    /// <summary>Maps one benchmark of a load test (for a sweep, each benchmark of its report has a concrete strategy).</summary>
    /// <param name="options">The load test: lengths, stop, warm-up and max concurrency.</param>
    /// <param name="strategy">The benchmark's strategy (<c>BenchmarkResult.Strategy</c>).</param>
    /// <returns>The equivalent workload.</returns>
    /// <exception cref="ArgumentException">The strategy is a sweep, or the options are invalid.</exception>
    public static EquivalentWorkload For(LoadTestOptions options, LoadProfile strategy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(strategy);
        options.Validate();
        var notes = new List<string>();
        var warmup = options.WarmupSeconds ?? 0;
        var (requests, duration) = Stop(options.MaxRequests, options.DurationSeconds is { } d ? d + warmup : null, notes);
        var warmupFraction = 0.0;
        if (warmup > 0)
        {
            if (duration is { } total)
            {
                warmupFraction = warmup / total;
            }
            else
            {
                notes.Add(F($"The {warmup:0.###} s warm-up is not left out: with a request count and no duration its share of requests is unknown; set SimulationOptions.WarmupFraction."));
            }
        }

        EquivalentWorkload mapped = strategy.Kind switch
        {
            LoadProfileKind.Synchronous => Closed(1, options, requests, duration),
            LoadProfileKind.Concurrent => Closed(strategy.Concurrency!.Value, options, requests, duration),
            LoadProfileKind.Throughput => Closed(options.MaxConcurrency, options, requests, duration),
            LoadProfileKind.Rate => OpenLoop(strategy.Rate!.Value, strategy.Arrival!, options, requests, duration, options.MaxConcurrency, notes),
            _ => throw new ArgumentException("A sweep has no single workload; map each benchmark of its report (its strategies are concrete).", nameof(strategy)),
        };
        return mapped with { WarmupFraction = warmupFraction, Notes = [.. notes] };
    }

    /// <summary>Maps a <c>vllm bench serve</c> run.</summary>
    /// <param name="requestRate">Its <c>--request-rate</c> in requests per second; <see cref="double.PositiveInfinity"/> for <c>inf</c> (its default).</param>
    /// <param name="maxConcurrency">Its <c>--max-concurrency</c>, or <see langword="null"/> when not set.</param>
    /// <param name="numPrompts">Its <c>--num-prompts</c>.</param>
    /// <param name="promptTokens">The prompt lengths of its dataset (e.g. <see cref="TokenDistribution.ShareGptPrompts"/>).</param>
    /// <param name="outputTokens">The output lengths of its dataset (e.g. <see cref="TokenDistribution.ShareGptOutputs"/>).</param>
    /// <param name="burstiness">Its <c>--burstiness</c>, the gamma shape of the gaps (default 1: Poisson).</param>
    /// <returns>The equivalent workload.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public static EquivalentWorkload ForVllmBenchServe(
        double requestRate, int? maxConcurrency, int numPrompts, TokenDistribution promptTokens, TokenDistribution outputTokens, double burstiness = 1)
    {
        ArgumentNullException.ThrowIfNull(promptTokens);
        ArgumentNullException.ThrowIfNull(outputTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(numPrompts, 1);
        if (double.IsNaN(requestRate) || requestRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requestRate), requestRate, "The request rate must be greater than 0 (or infinity for inf).");
        }

        if (maxConcurrency is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConcurrency), maxConcurrency, "The max concurrency must be at least 1.");
        }

        if (!double.IsFinite(burstiness) || burstiness <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(burstiness), burstiness, "The burstiness must be a finite number greater than 0.");
        }

        if (double.IsPositiveInfinity(requestRate))
        {
            // With no cap every prompt is sent at t = 0: num-prompts users sending one request each.
            var users = Math.Min(maxConcurrency ?? numPrompts, numPrompts);
            return new EquivalentWorkload
            {
                Closed = new ClosedLoopSpec { Concurrency = users, PromptTokens = promptTokens, OutputTokens = outputTokens, Requests = numPrompts },
            };
        }

        var arrivals = burstiness == 1 ? ArrivalPattern.Poisson : ArrivalPattern.Gamma(1 / Math.Sqrt(burstiness));
        var notes = new List<string>();
        return OpenLoop(requestRate, arrivals, promptTokens, outputTokens, numPrompts, null, maxConcurrency, notes) with { Notes = [.. notes] };
    }

    private static EquivalentWorkload Closed(int users, LoadTestOptions o, int? requests, double? duration) => new()
    {
        Closed = new ClosedLoopSpec
        {
            Concurrency = users,
            PromptTokens = o.PromptTokens,
            OutputTokens = o.OutputTokens,
            Requests = requests,
            DurationSeconds = duration,
        },
    };

    private static EquivalentWorkload OpenLoop(
        double rate, ArrivalPattern arrivals, LoadTestOptions o, int? requests, double? duration, int cap, List<string> notes)
        => OpenLoop(rate, arrivals, o.PromptTokens, o.OutputTokens, requests, duration, cap, notes);

    private static EquivalentWorkload OpenLoop(
        double rate, ArrivalPattern arrivals, TokenDistribution prompt, TokenDistribution output, int? requests, double? duration, int? cap, List<string> notes)
    {
        if (cap is { } limit)
        {
            notes.Add(F($"The client's cap of {limit} requests in flight is not simulated; it binds only if the server falls behind {rate:0.###} req/s."));
        }

        return new EquivalentWorkload
        {
            Open = new WorkloadSpec
            {
                RatePerSecond = rate,
                Arrivals = arrivals,
                PromptTokens = prompt,
                OutputTokens = output,
                Requests = requests,
                DurationSeconds = duration,
            },
        };
    }

    // The simulation stops by one bound; with both, a load test stops at whichever comes first, so keep the count.
    private static (int? Requests, double? Duration) Stop(int? requests, double? duration, List<string> notes)
    {
        if (requests is { } n && duration is { } seconds)
        {
            notes.Add(F($"The benchmark stops at {n} requests or {seconds:0.###} s, whichever comes first; the simulation stops at {n} requests."));
            return (n, null);
        }

        return (requests, duration);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
