using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Planning.Intent;

namespace Compass.Cli.Commands;

/// <summary><c>compass eval-intents --file scenarios.json</c>: an extractor's pass rate on a labelled set.</summary>
internal static class EvalIntentsCommand
{
    public const string Usage = """
        Usage: compass eval-intents --file <scenarios.json> [--llm URL] [--llm-model M] [--min-pass F] [--json]

        Runs the extractor over a labelled scenario set (the llm-d-planner format: each scenario has an id, a
        user_message, an optional conversation_history and `expected` fields with exact, one_of, contains or min/max),
        prints a verdict per scenario and the pass rate, and exits 1 when the rate is below --min-pass (0–1 or a
        percentage; default 0.9). A scenario passes only when every expected field does.
        """;

    public static readonly string[] Options = ["file", "llm", "llm-model", "min-pass"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, IIntentExtractor extractor, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass eval-intents' takes options only (got '{line.Positionals[0]}'). Example: compass eval-intents --file tests/data/intent_extraction_scenarios.json");
        }

        var path = line.Get("file") ?? throw new CliException("Give the scenario file: --file tests/data/intent_extraction_scenarios.json");
        var minPass = line.GetDouble("min-pass", 0, 100, allowPercent: true) ?? 0.9;
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

        IntentScenarioSet set;
        try
        {
            set = IntentScenarioSet.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--file '{path}': {ex.Message}");
        }

        var report = await IntentScenarioEvaluator.RunAsync(extractor, set, cancellationToken).ConfigureAwait(false);
        var passed = report.PassRate >= minPass;
        if (line.Has("json"))
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
