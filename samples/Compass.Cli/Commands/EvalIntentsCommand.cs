using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Cli.Parsing;
using Compass.Planning.Intent;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary><c>compass eval-intents --file scenarios.json</c>: an extractor's pass rate on a labelled set.</summary>
internal sealed class EvalIntentsCommand : Command
{
    private readonly CliContext _context;
    private readonly LlmOptions _llm = new();
    private readonly Option<string?> _file = CliOptions.Text("file", "the labelled scenarios (llm-d-planner format)", "FILE");
    private readonly Option<double?> _minPass = CliOptions.Number("min-pass", 0, 100, "the pass rate below which the exit code is 1 (0-1 or a percentage; default 0.9)", allowPercent: true);
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the report as JSON");

    public EvalIntentsCommand(CliContext context)
        : base("eval-intents", """
            An extractor's pass rate on labelled scenarios.

            Runs the extractor over a labelled scenario set (the llm-d-planner format: each scenario has an id, a
            user_message, an optional conversation_history and `expected` fields with exact, one_of, contains or min/max),
            prints a verdict per scenario and the pass rate, and exits 1 when the rate is below --min-pass. A scenario
            passes only when every expected field does.
            """)
    {
        _context = context;
        Options.Add(_file);
        _llm.AddTo(this);
        Options.Add(_minPass);
        Options.Add(_json);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        await using var services = _llm.Services(result, _context.KnowledgeBase(result));
        var planning = services.GetRequiredService<PlanningService>();
        var extractor = services.GetService<IIntentExtractor>() ?? new DeterministicIntentExtractor(await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false));
        var path = result.GetValue(_file) ?? throw new CliException("Give the scenario file: --file tests/data/intent_extraction_scenarios.json");
        var minPass = result.GetValue(_minPass) ?? 0.9;
        if (minPass > 1)
        {
            throw new CliException("--min-pass is a share of scenarios: 0.9 or 90%.");
        }

        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"Cannot read --file '{path}': {ex.Message}");
        }

        Task<IntentEvaluationReport> evaluation;
        try
        {
            evaluation = IntentEvaluation.RunAsync(extractor, json, cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--file '{path}': {ex.Message}");
        }

        var report = await evaluation.ConfigureAwait(false);
        var passed = report.PassRate >= minPass;
        if (result.GetValue(_json))
        {
            var node = new JsonObject
            {
                ["extractor"] = report.Extractor,
                ["scenarios"] = report.Results.Length,
                ["passed"] = report.PassedCount,
                ["passRate"] = report.PassRate,
                ["minPass"] = minPass,
                ["results"] = new JsonArray([.. report.Results.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id,
                    ["passed"] = r.Passed,
                    ["failures"] = new JsonArray([.. r.Fields.Where(f => !f.Passed).Select(f => (JsonNode)new JsonObject
                    {
                        ["field"] = f.Field, ["expected"] = f.Expected, ["actual"] = f.Actual,
                    })]),
                })]),
            };
            await stdout.WriteLineAsync(node.ToJsonString(CompassJson.Options)).ConfigureAwait(false);
        }
        else
        {
            foreach (var r in report.Results)
            {
                stdout.WriteLine((r.Passed ? "PASS " : "FAIL ") + r.Id);
                foreach (var f in r.Fields.Where(f => !f.Passed))
                {
                    stdout.WriteLine($"       {f.Field}: expected {f.Expected}, got {f.Actual}");
                }
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.PassedCount}/{report.Results.Length} scenarios passed ({report.PassRate:0.0%}) with the {report.Extractor} extractor; minimum {minPass:0.0%}."));
        }

        return passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
