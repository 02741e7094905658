using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
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
        w.WriteLine(F($"Compass simulate: {run.Model.Id} ({run.Quantization}) on {run.TensorParallel}×{run.Gpu.Type}, {o.Replicas} replica{(o.Replicas == 1 ? "" : "s")} ({Kebab(o.Router)})"));
        w.WriteLine();
        var stop = run.DurationSeconds is { } seconds ? F($"{seconds:0.###} s of sending ({r.TotalRequests:N0} requests)") : F($"{r.TotalRequests:N0} requests");
        w.WriteLine(run.Closed is { } closed
            ? F($"  Workload  closed loop: {closed.Concurrency:N0} user{(closed.Concurrency == 1 ? "" : "s")}, think time {closed.ThinkTime}, ramp-up {closed.RampUpSeconds:0.###} s; {stop}, seed {run.Seed}")
            : F($"  Workload  open loop: {run.Open!.RatePerSecond:0.###} req/s {run.Open.Arrivals} arrivals, {stop}, seed {run.Seed}"));
        w.WriteLine(F($"            prompts {run.PromptTokens}, outputs {run.OutputTokens}"));
        w.WriteLine(F($"  Engine    KV cache {p.KvCacheTokens:N0} tokens per replica ({p.KvCacheBlocks:N0} blocks of {p.Limits.BlockSize}, {KvFormat(run.KvCacheDtype)}); max-num-seqs {p.Limits.MaxNumSeqs}, max-num-batched-tokens {p.Limits.MaxNumBatchedTokens:N0}"));
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

        w.WriteLine(run.Closed is { } users
            ? F($"  Load         closed loop of {users.Concurrency:N0} user{(users.Concurrency == 1 ? "" : "s")}: achieved {r.ArrivalRatePerSecond:0.###} req/s sent")
            : F($"  Load         open loop at {run.Open!.RatePerSecond:0.###} req/s offered: achieved {r.ArrivalRatePerSecond:0.###} req/s sent"));
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
            ["workload"] = Workload(run),
            ["engine"] = new JsonObject
            {
                ["kvCacheDtype"] = run.KvCacheDtype.Value,
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
        if (o.Goodput is null)
        {
            root.Remove("goodputTargets");
        }

        return root.ToJsonString(CompassJson.Options);
    }

    private static JsonObject Workload(SimulationRun run)
    {
        var workload = new JsonObject();
        if (run.Closed is { } closed)
        {
            workload["mode"] = "closed-loop";
            workload["concurrency"] = closed.Concurrency;
            workload["thinkTime"] = closed.ThinkTime.ToString();
            workload["thinkTimeMeanSeconds"] = closed.ThinkTime.MeanSeconds;
            workload["rampUpSeconds"] = closed.RampUpSeconds;
        }
        else
        {
            workload["mode"] = "open-loop";
            workload["ratePerSecond"] = run.Open!.RatePerSecond;
            workload["arrivals"] = run.Open.Arrivals.ToString();
        }

        workload["promptTokens"] = run.PromptTokens.ToString();
        workload["outputTokens"] = run.OutputTokens.ToString();
        workload["requests"] = run.Result.TotalRequests;
        if (run.DurationSeconds is { } seconds)
        {
            workload["durationSeconds"] = seconds;
        }

        workload["seed"] = run.Seed;
        workload["warmupFraction"] = run.Options.WarmupFraction;
        return workload;
    }

    private static string KvFormat(KvCacheFormat dtype) => dtype.IsFp8 ? "FP8" : "16-bit";

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
