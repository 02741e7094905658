using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Cli.Commands.Database;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;
using Compass.Observability.Validation;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary><c>compass validate</c>: load one replica at the plan's per-replica peak rate and check the SLOs and predictions.</summary>
internal sealed class ValidateCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _url = CliOptions.Text("url", "one replica's base URL, e.g. http://localhost:8000; required", "URL");
    private readonly Option<string?> _plan = CliOptions.Text("plan", "the output of 'compass plan --json'; required", "FILE");
    private readonly Option<int?> _rank = CliOptions.Int("rank", 1, 1000, "which recommendation (default 1)");
    private readonly Option<double?> _duration = CliOptions.Number("duration", 0.1, 86_400, "seconds of load (default 60)", "s", helpName: "S");
    private readonly Option<int?> _requests = CliOptions.Int("requests", 1, 10_000_000, "stop after N requests");
    private readonly Option<string?> _model = CliOptions.Name("model", "the served model name (default: the recommendation's checkpoint)", "M", "meta-llama/Llama-3.1-8B-Instruct");
    private readonly Option<double?> _maxErrorRate = CliOptions.Number("max-error-rate", 0, 1, "the largest share of failed requests that passes (0.01 or 1%; default 1%)", allowPercent: true);
    private readonly Option<int?> _seed = CliOptions.Int("seed", 0, int.MaxValue, "seed for prompts, lengths and arrivals (default 42)", "S");
    private readonly Option<bool> _chat = CliOptions.Flag("chat", "stream from /v1/chat/completions instead of /v1/completions");
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the result as JSON");
    private readonly Option<string?> _out = CliOptions.Text("out", "write the full load-test report (GuideLLM layout) as JSON; never an existing file unless --force", "FILE");
    private readonly Option<bool> _force = CliOptions.Flag("force", "replace --out FILE if it exists");

    public ValidateCommand(CliContext context)
        : base("validate", """
            Check a plan's SLOs and predictions against a load test.

            Loads one replica's endpoint at the plan's per-replica peak rate (peak QPS ÷ replicas of the chosen
            recommendation) with the plan's prompt/output lengths and arrival pattern, then prints measured TTFT, ITL and
            E2E at the plan's SLO percentile against the targets (pass/fail) and the predictions (error in %).

            With --kb (or COMPASS_KB) the result is stored as an outcome in the knowledge base, measured next to
            predicted, for 'compass db calibrate'.

            Exit codes: 0 every SLO holds; 4 an SLO or the error budget fails; 1 the endpoint is unreachable or not
            OpenAI-compatible; 2 bad input.
            """)
    {
        _context = context;
        foreach (var option in new Option[] { _url, _plan, _rank, _duration, _requests, _model, _maxErrorRate, _seed, _chat, _json, _out, _force })
        {
            Options.Add(option);
        }

        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // The outcome is stored in the knowledge base when one is given: checked before the load runs.
        await using var recorder = await KnowledgeBaseRecorder.OpenAsync(_context.KnowledgeBase(parse), cancellationToken).ConfigureAwait(false);
        return await LoadCommands.RunAsync(_context, (tester, progress) => RunAsync(parse, tester, progress, recorder, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<int> RunAsync(ParseResult parse, LoadTester tester, IProgress<LoadProgress>? progress, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        var url = LoadCommands.Url(parse.GetValue(_url));
        var path = parse.GetValue(_plan) ?? throw new CliException("Give --plan FILE, the output of 'compass plan --json'.");
        var rank = parse.GetValue(_rank) ?? 1;
        ReportFile.Check(parse.GetValue(_out), parse.GetValue(_force));
        var plan = await ReadPlanAsync(path, cancellationToken).ConfigureAwait(false);
        Recommendation recommendation;
        try
        {
            recommendation = PlanValidation.Recommendation(plan, rank);
        }
        catch (ArgumentException ex)
        {
            var cut = ex.Message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new CliException(cut > 0 ? ex.Message[..cut] : ex.Message);
        }

        var options = PlanValidation.LoadTest(
            plan, recommendation, url, parse.GetValue(_model), parse.GetValue(_duration) ?? 60, parse.GetValue(_requests),
            parse.GetValue(_seed) ?? 42) with
        {
            Api = parse.GetValue(_chat) ? LoadApi.ChatCompletions : LoadApi.Completions,
        };
        var maxErrorRate = parse.GetValue(_maxErrorRate) ?? PlanValidation.DefaultMaxErrorRate;
        var report = await tester.RunAsync(options, progress, cancellationToken).ConfigureAwait(false);
        var result = PlanValidation.Evaluate(plan, recommendation, report.Benchmarks[^1], maxErrorRate);
        await ReportFile.WriteAsync(parse.GetValue(_out), parse.GetValue(_force), GuideLlmReport.ToJson(report), cancellationToken).ConfigureAwait(false);
        long? outcomeId = null;
        if (recorder is not null)
        {
            var outcome = ValidationOutcome.From(plan, result, $"compass validate --plan {Path.GetFileName(path)}", Json(path, plan, result).ToJsonString(), TimeProvider.System.GetUtcNow());
            outcomeId = await recorder.Outcomes.AddAsync(outcome, cancellationToken).ConfigureAwait(false);
        }

        if (parse.GetValue(_json))
        {
            var json = Json(path, plan, result);
            if (outcomeId is { } id)
            {
                json["outcomeId"] = id;
            }

            await stdout.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            Print(stdout, path, plan, options, result);
            if (outcomeId is { } id)
            {
                await stdout.WriteLineAsync(LoadCommands.F($"  Stored as outcome {id} in {recorder!.Description}; 'compass db calibrate --gpu {result.Recommendation.Gpu}' refits the engine from the stored outcomes.")).ConfigureAwait(false);
            }
        }

        return result.Passed ? ExitCodes.Success : ExitCodes.SloFailed;
    }

    private static async Task<Plan> ReadPlanAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"Cannot read --plan {path}: {ex.Message}");
        }

        try
        {
            return PlanValidation.ReadPlan(text);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new CliException($"--plan {path} is not a Compass plan (write one with 'compass plan ... --json'): {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static void Print(TextWriter w, string path, Plan plan, LoadTestOptions options, ValidationReport result)
    {
        var r = result.Recommendation;
        var m = result.Benchmark.Metrics;
        w.WriteLine(LoadCommands.F($"Compass validate: #{r.Rank} {r.ModelName} ({r.Quantization}) on {r.TensorParallel}×{r.Gpu}, {r.Replicas} replica(s), from {path}"));
        w.WriteLine(LoadCommands.F($"  Load     {plan.Traffic.Arrival} at {result.RatePerReplica:0.###} req/s per replica (peak {plan.Traffic.PeakQps:0.###} req/s ÷ {r.Replicas}) for {options.DurationSeconds:0.#} s; model {options.Model}"));
        w.WriteLine(LoadCommands.F($"           prompts {plan.Traffic.PromptTokens}, outputs {plan.Traffic.OutputTokens}"));
        var errors = m.Errors.IsEmpty ? string.Empty : " (" + string.Join(", ", m.Errors.Select(e => $"{e.Key} {e.Value}")) + ")";
        w.WriteLine(LoadCommands.F($"  Measured {m.RequestTotals.Total} requests: {m.RequestTotals.Successful} ok, {m.RequestTotals.Errored + m.RequestTotals.Incomplete} failed{errors}; {result.AchievedRate:0.###} req/s, {m.OutputTokensPerSecond.Successful.Mean:N0} output tok/s"));
        w.WriteLine();
        var table = new Table(
            (LoadCommands.F($"SLO (p{plan.Slo.Percentile:0.#})"), false), ("Target", true), ("Predicted", true), ("Measured", true), ("Pred. error", true), ("", false));
        foreach (var c in result.Checks)
        {
            table.Add(
                c.Metric + " ms",
                LoadCommands.F($"{c.TargetMs:0.#}"),
                LoadCommands.F($"{c.PredictedMs:0.#}"),
                c.MeasuredMs is { } v ? LoadCommands.F($"{v:0.#}") : "-",
                c.PredictionErrorPercent is { } e ? LoadCommands.F($"{e:+0;-0;0}%") : "-",
                c.Passed ? "pass" : "FAIL");
        }

        table.Add(
            "Errors", LoadCommands.F($"≤ {result.MaxErrorRate:0.##%}"), string.Empty, LoadCommands.F($"{result.ErrorRate:0.##%}"), string.Empty,
            result.ErrorRate <= result.MaxErrorRate ? "pass" : "FAIL");
        table.Write(w, "  ");
        w.WriteLine();
        w.WriteLine(result.Passed
            ? LoadCommands.F($"  PASS: every SLO holds at {result.RatePerReplica:0.###} req/s per replica.")
            : LoadCommands.F($"  FAIL: {string.Join(", ", result.Checks.Where(c => !c.Passed).Select(c => c.Metric).Concat(result.ErrorRate > result.MaxErrorRate ? ["errors"] : []))} miss at {result.RatePerReplica:0.###} req/s per replica."));
        w.WriteLine("  Prediction error = (measured − predicted) ÷ predicted: positive means the plan was optimistic. Feed it back to recalibrate.");
    }

    private static JsonObject Json(string path, Plan plan, ValidationReport result)
    {
        var r = result.Recommendation;
        var m = result.Benchmark.Metrics;
        return new JsonObject
        {
            ["plan"] = path,
            ["rank"] = r.Rank,
            ["model"] = r.Model.ToString(),
            ["quantization"] = r.Quantization.ToString(),
            ["gpu"] = r.Gpu.ToString(),
            ["tensorParallel"] = r.TensorParallel,
            ["replicas"] = r.Replicas,
            ["arrival"] = plan.Traffic.Arrival.ToString(),
            ["ratePerReplica"] = result.RatePerReplica,
            ["achievedRate"] = result.AchievedRate,
            ["percentile"] = plan.Slo.Percentile,
            ["requests"] = new JsonObject
            {
                ["successful"] = m.RequestTotals.Successful,
                ["incomplete"] = m.RequestTotals.Incomplete,
                ["errored"] = m.RequestTotals.Errored,
                ["total"] = m.RequestTotals.Total,
            },
            ["errors"] = new JsonObject([.. m.Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
            ["checks"] = new JsonArray([.. result.Checks.Select(c => (JsonNode)new JsonObject
            {
                ["metric"] = c.Metric,
                ["targetMs"] = c.TargetMs,
                ["predictedMs"] = c.PredictedMs,
                ["measuredMs"] = c.MeasuredMs,
                ["predictionErrorPercent"] = c.PredictionErrorPercent,
                ["passed"] = c.Passed,
            })]),
            ["errorRate"] = result.ErrorRate,
            ["maxErrorRate"] = result.MaxErrorRate,
            ["passed"] = result.Passed,
        };
    }
}
