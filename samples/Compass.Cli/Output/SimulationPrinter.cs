using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Serialization;
using Compass.Planning.Simulation;

namespace Compass.Cli.Output;

/// <summary>Prints a simulation for people (summary table and verdict) or as JSON.</summary>
internal static class SimulationPrinter
{
    public static void Print(TextWriter w, SimulationRun run)
    {
        var r = run.Result;
        var o = run.Options;
        var p = o.Profile;
        var spec = run.Workload;
        w.WriteLine(F($"Compass simulate: {run.Model.Id} ({run.Quantization}) on {run.TensorParallel}×{run.Gpu.Type}, {o.Replicas} replica{(o.Replicas == 1 ? "" : "s")} ({Kebab(o.Router)})"));
        w.WriteLine();
        var stop = spec.Requests is { } n ? F($"{n:N0} requests") : F($"{spec.DurationSeconds:0.###} s of arrivals ({r.TotalRequests:N0} requests)");
        w.WriteLine(F($"  Workload  {spec.RatePerSecond:0.###} req/s {spec.Arrivals} arrivals, {stop}, seed {run.Seed}"));
        w.WriteLine(F($"            prompts {spec.PromptTokens}, outputs {spec.OutputTokens}"));
        w.WriteLine(F($"  Engine    KV cache {p.KvCacheTokens:N0} tokens per replica ({p.KvCacheBlocks:N0} blocks of {p.Limits.BlockSize}); max-num-seqs {p.Limits.MaxNumSeqs}, max-num-batched-tokens {p.Limits.MaxNumBatchedTokens:N0}"));
        w.WriteLine(F($"            overhead {p.RequestOverheadMs:0.##} ms per request, {p.OutputTokenOverheadMs:0.###} ms per output token"));
        w.WriteLine("            step times: physics model, " + (p.Basis.Length > 0 ? p.Basis : p.StepTime.GetType().Name));
        w.WriteLine();

        var table = new Table(("Latency (ms)", false), ("Mean", true), ("p50", true), ("p90", true), ("p95", true), ("p99", true), ("Max", true));
        Row(table, "TTFT", r.Ttft);
        Row(table, "ITL (mean per request)", r.Itl);
        Row(table, "Token gap (all tokens)", r.TokenGaps);
        Row(table, "E2E", r.E2e);
        Row(table, "Queue", r.Queue);
        table.Write(w, "  ");
        w.WriteLine();

        var warm = o.WarmupFraction > 0 ? F($", after a {o.WarmupFraction * 100:0.#}% warm-up") : string.Empty;
        w.WriteLine(F($"  Throughput   {r.RequestsPerSecond:0.###} req/s, {r.OutputTokensPerSecond:N0} output tokens/s over {r.WindowMs / 1000:0.#} s ({r.Measured:N0} measured of {r.Completed:N0} completed{warm}; {r.Rejected:N0} rejected)"));
        if (r.GoodputRequestsPerSecond is { } goodput && o.Goodput is { } targets)
        {
            w.WriteLine(F($"  Goodput      {goodput:0.###} req/s ({r.GoodputFraction * 100:0.0}% of requests meet {Targets(targets)})"));
        }

        w.WriteLine(F($"  Preemptions  {r.Preemptions:N0}"));
        w.WriteLine(F($"  KV cache     {r.KvUtilizationMean * 100:0.0}% used on average, {r.KvUtilizationPeak * 100:0.0}% at peak"));
        w.WriteLine(F($"  In system    {r.MeanRequestsInSystem:0.#} requests on average; {r.Steps:N0} engine steps over {r.SimulatedMs / 1000:0.#} simulated s"));
        w.WriteLine(F($"  Verdict      {Kebab(r.Verdict)}: {r.VerdictReason}"));
        if (r.Rejected > 0)
        {
            w.WriteLine(F($"  ! {r.Rejected:N0} request(s) could never fit the KV cache (prompt + output > {p.KvCacheTokens:N0} tokens) and were rejected."));
        }

        w.WriteLine();
        w.WriteLine("  Percentiles are nearest-rank; token-gap percentiles come from a histogram (within 0.8%). A simulation of the");
        w.WriteLine("  physics model, not a measurement: validate with a load test before committing.");
    }

    public static string Json(SimulationRun run)
    {
        var o = run.Options;
        var p = o.Profile;
        var summary = JsonSerializer.SerializeToNode(run.Result with { Requests = ImmutableArray<RequestMetrics>.Empty }, CompassJson.Options)!.AsObject();
        summary.Remove("requests");
        var root = new JsonObject
        {
            ["model"] = run.Model.Id.Value,
            ["quantization"] = run.Quantization.Value,
            ["gpu"] = run.Gpu.Type.Value,
            ["tensorParallel"] = run.TensorParallel,
            ["replicas"] = o.Replicas,
            ["router"] = Kebab(o.Router),
            ["workload"] = new JsonObject
            {
                ["ratePerSecond"] = run.Workload.RatePerSecond,
                ["arrivals"] = run.Workload.Arrivals.ToString(),
                ["promptTokens"] = run.Workload.PromptTokens.ToString(),
                ["outputTokens"] = run.Workload.OutputTokens.ToString(),
                ["requests"] = run.Result.TotalRequests,
                ["durationSeconds"] = run.Workload.DurationSeconds,
                ["seed"] = run.Seed,
                ["warmupFraction"] = o.WarmupFraction,
            },
            ["engine"] = new JsonObject
            {
                ["kvCacheTokens"] = p.KvCacheTokens,
                ["blockSize"] = p.Limits.BlockSize,
                ["maxNumSeqs"] = p.Limits.MaxNumSeqs,
                ["maxNumBatchedTokens"] = p.Limits.MaxNumBatchedTokens,
                ["requestOverheadMs"] = p.RequestOverheadMs,
                ["outputTokenOverheadMs"] = p.OutputTokenOverheadMs,
                ["basis"] = p.Basis,
            },
            ["goodputTargets"] = o.Goodput is null ? null : JsonSerializer.SerializeToNode(o.Goodput, CompassJson.Options),
            ["result"] = summary,
        };
        if (run.Workload.DurationSeconds is null)
        {
            root["workload"]!.AsObject().Remove("durationSeconds");
        }

        if (o.Goodput is null)
        {
            root.Remove("goodputTargets");
        }

        return root.ToJsonString(CompassJson.Options);
    }

    private static void Row(Table table, string name, LatencySummary s)
    {
        if (s.Count == 0)
        {
            table.Add(name, "-", "-", "-", "-", "-", "-");
            return;
        }

        table.Add(name, Ms(s.Mean), Ms(s.P50), Ms(s.P90), Ms(s.P95), Ms(s.P99), Ms(s.Max));
    }

    private static string Ms(double value) => value >= 100 ? F($"{value:N0}") : F($"{value:0.0}");

    private static string Targets(GoodputTargets t)
    {
        var parts = new List<string>();
        if (t.TtftMs is { } ttft)
        {
            parts.Add(F($"TTFT ≤ {ttft:0.#} ms"));
        }

        if (t.ItlMs is { } itl)
        {
            parts.Add(F($"ITL ≤ {itl:0.#} ms"));
        }

        if (t.E2eMs is { } e2e)
        {
            parts.Add(F($"E2E ≤ {e2e:0.#} ms"));
        }

        return string.Join(", ", parts);
    }

    private static string Kebab<T>(T value)
        where T : struct, Enum
        => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
