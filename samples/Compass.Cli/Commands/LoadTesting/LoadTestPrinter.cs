using Compass.Cli.Output;
using Compass.Observability.Reporting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary>Prints a load test report as a table, one row per benchmark.</summary>
internal static class LoadTestPrinter
{
    public static void Print(TextWriter w, LoadTestReport report, string? outPath)
    {
        var o = report.Options;
        w.WriteLine(LoadCommands.F($"Compass loadtest: {o.Model} at {o.RequestUri()}"));
        var warmup = o.WarmupSeconds is { } seconds ? LoadCommands.F($"; after a {seconds:0.#} s warm-up") : string.Empty;
        w.WriteLine(LoadCommands.F($"  Profile  {o.Profile}; prompts {o.PromptTokens}, outputs {o.OutputTokens}; seed {o.Seed}{warmup}"));
        w.WriteLine();
        var table = new Table(
            ("Strategy", false), ("Req/s", true), ("Out tok/s", true), ("TTFT p50/p95/p99 ms", true), ("ITL p50/p95 ms", true), ("E2E p50/p95 s", true),
            ("Conc", true), ("OK", true), ("Err", true));
        foreach (var b in report.Benchmarks)
        {
            var m = b.Metrics;
            var ttft = m.TimeToFirstTokenMs.Successful.Percentiles;
            var itl = m.InterTokenLatencyMs.Successful.Percentiles;
            var e2e = m.RequestLatency.Successful.Percentiles;
            table.Add(
                b.Strategy.ToString(),
                LoadCommands.F($"{m.RequestsPerSecond.Successful.Mean:0.00}"),
                LoadCommands.F($"{m.OutputTokensPerSecond.Successful.Mean:N0}"),
                LoadCommands.F($"{ttft.P50:0}/{ttft.P95:0}/{ttft.P99:0}"),
                LoadCommands.F($"{itl.P50:0.0}/{itl.P95:0.0}"),
                LoadCommands.F($"{e2e.P50:0.00}/{e2e.P95:0.00}"),
                LoadCommands.F($"{m.RequestConcurrency.Total.Mean:0.0}"),
                LoadCommands.F($"{m.RequestTotals.Successful}"),
                LoadCommands.F($"{m.RequestTotals.Errored + m.RequestTotals.Incomplete}"));
        }

        table.Write(w, "  ");
        foreach (var b in report.Benchmarks.Where(b => !b.Metrics.Errors.IsEmpty))
        {
            w.WriteLine(LoadCommands.F($"  {b.Strategy}: errors {string.Join(", ", b.Metrics.Errors.Select(e => $"{e.Key} {e.Value}"))}"));
        }

        foreach (var b in report.Benchmarks)
        {
            foreach (var s in b.ServerLatencies)
            {
                w.WriteLine(LoadCommands.F($"  {b.Strategy}: server {s.Metric} p50 {s.P50Ms:0.#} ms, p95 {s.P95Ms:0.#} ms, p99 {s.P99Ms:0.#} ms ({s.Count:0} observations)"));
            }

            if (b.ServerMetricsError is { } error)
            {
                w.WriteLine(LoadCommands.F($"  {b.Strategy}: {error}"));
            }
        }

        w.WriteLine();
        w.WriteLine("  TTFT and E2E from sending each request; ITL is each request's mean gap per token; percentiles interpolate linearly.");
        if (outPath is not null)
        {
            w.WriteLine(LoadCommands.F($"  Full report (GuideLLM layout, every request): {outPath}"));
        }
    }
}
