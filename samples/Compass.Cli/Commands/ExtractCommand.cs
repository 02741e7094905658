using System.CommandLine;
using System.Globalization;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Planning.Intent;
using Compass.Planning.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary><c>compass extract "text"</c>: the intent an extractor reads from a description, and what it assumed.</summary>
internal sealed class ExtractCommand : Command
{
    private readonly CliContext _context;
    private readonly LlmOptions _llm = new();
    private readonly Argument<string[]> _description = new("description") { Description = "the workload in plain words, quoted", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _json = Parsing.CliOptions.Flag("json", "print the extraction as JSON");

    public ExtractCommand(CliContext context)
        : base("extract", """
            The intent read from a description.

            Prints the deployment intent read from a description: use case, users or request rate, priorities, GPUs,
            models, budget and deployment model, which of them the text stated, and the extractor's notes.
            """)
    {
        _context = context;
        Arguments.Add(_description);
        _llm.AddTo(this);
        Options.Add(_json);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var stdout = _context.Stdout;
        await using var services = _llm.Services(result, _context.KnowledgeBase(result));
        var planning = services.GetRequiredService<PlanningService>();
        var words = result.GetValue(_description) ?? [];
        if (words.Length != 1)
        {
            throw new CliException("Give the description as one quoted argument, e.g. compass extract \"chatbot for 500 users, low latency\".");
        }

        var extraction = await planning.ExtractAsync(words[0], cancellationToken: cancellationToken).ConfigureAwait(false);
        var i = extraction.Intent;
        if (result.GetValue(_json))
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
        Row(IntentFields.LatencyPriority, Lower(i.LatencyPriority));
        Row(IntentFields.CostPriority, Lower(i.CostPriority));
        Row(IntentFields.AccuracyPriority, Lower(i.AccuracyPriority));
        Row(IntentFields.PreferredGpuTypes, i.PreferredGpuTypes.IsEmpty ? "any" : string.Join(", ", i.PreferredGpuTypes));
        Row(IntentFields.PreferredModels, i.PreferredModels.IsEmpty ? "any" : string.Join(", ", i.PreferredModels));
        Row(IntentFields.MaxMonthlyCostUsd, i.MaxMonthlyCostUsd is { } b ? b.ToString("$#,0", CultureInfo.InvariantCulture) + "/month" : "-");
        Row(IntentFields.DeploymentModel, Lower(i.DeploymentModel));
        stdout.WriteLine("Extractor: " + extraction.Extractor);
        table.Write(stdout, "  ");
        foreach (var note in CliHints.Notes(extraction))
        {
            stdout.WriteLine("  Note: " + note);
        }

        return ExitCodes.Success;
    }

    private static string Lower<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();
}
