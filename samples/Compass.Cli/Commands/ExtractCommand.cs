using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Planning.Intent;
using Compass.Planning.Service;

namespace Compass.Cli.Commands;

/// <summary><c>compass extract "text"</c>: the intent an extractor reads from a description, and what it assumed.</summary>
internal static class ExtractCommand
{
    public const string Usage = """
        Usage: compass extract "<description>" [--llm URL] [--llm-model M] [--json]

        Prints the deployment intent read from a description: use case, users or request rate, priorities, GPUs,
        models, budget and deployment model, which of them the text stated, and the extractor's notes.
          --llm URL        extract with an LLM served by Ollama at URL (e.g. http://localhost:11434); falls back to
                           the deterministic extractor, and says so, when it cannot be reached
          --llm-model M    the Ollama model (default qwen2.5:7b)
        """;

    public static readonly string[] Options = ["llm", "llm-model"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, PlanningService planning, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count != 1)
        {
            throw new CliException("Give the description as one quoted argument, e.g. compass extract \"chatbot for 500 users, low latency\".");
        }

        var extraction = await planning.ExtractAsync(line.Positionals[0], cancellationToken: cancellationToken).ConfigureAwait(false);
        var i = extraction.Intent;
        if (line.Has("json"))
        {
            var node = IntentExtractionJson.ToJsonObject(extraction);
            await stdout.WriteLineAsync(node.ToJsonString(CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new Table(("Field", false), ("Value", false), ("Source", false));
        void Row(string field, string value) => table.Add(field, value, extraction.Stated(field) ? "stated" : "default");
        Row(IntentFields.UseCase, i.UseCase.Value);
        Row(IntentFields.UserCount, i.UserCount is { } u ? u.ToString("N0", CultureInfo.InvariantCulture) + (i.UsersAreConcurrent ? " (concurrent)" : string.Empty) : "-");
        Row(IntentFields.ExpectedQps, i.ExpectedQps is { } q ? q.ToString("0.###", CultureInfo.InvariantCulture) + " req/s" : "-");
        Row(IntentFields.LatencyPriority, Name(i.LatencyPriority));
        Row(IntentFields.CostPriority, Name(i.CostPriority));
        Row(IntentFields.AccuracyPriority, Name(i.AccuracyPriority));
        Row(IntentFields.PreferredGpuTypes, i.PreferredGpuTypes.IsEmpty ? "any" : string.Join(", ", i.PreferredGpuTypes));
        Row(IntentFields.PreferredModels, i.PreferredModels.IsEmpty ? "any" : string.Join(", ", i.PreferredModels));
        Row(IntentFields.MaxMonthlyCostUsd, i.MaxMonthlyCostUsd is { } b ? b.ToString("$#,0", CultureInfo.InvariantCulture) + "/month" : "-");
        Row(IntentFields.DeploymentModel, Name(i.DeploymentModel));
        stdout.WriteLine("Extractor: " + extraction.Extractor);
        table.Write(stdout, "  ");
        foreach (var note in CliHints.Notes(extraction))
        {
            stdout.WriteLine("  Note: " + note);
        }

        return ExitCodes.Success;
    }

    private static string Name<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();
}
