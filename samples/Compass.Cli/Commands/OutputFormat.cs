using System.CommandLine;
using Compass.Cli.Parsing;

namespace Compass.Cli.Commands;

/// <summary>How a listing command prints: a table for people, or JSON, Markdown or CSV for tools.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Markdown,
    Csv,
}

/// <summary><c>--format table|json|markdown|csv</c>, with <c>--json</c> kept as the short form of <c>--format json</c>.</summary>
internal sealed class FormatOptions
{
    private static readonly Dictionary<string, OutputFormat> Names = new(StringComparer.Ordinal)
    {
        ["table"] = OutputFormat.Table, ["json"] = OutputFormat.Json, ["markdown"] = OutputFormat.Markdown, ["csv"] = OutputFormat.Csv,
    };

    public Option<OutputFormat?> Format { get; } = CliOptions.Choice("format", Names, "how to print: table (default), json, markdown or csv");

    public Option<bool> Json { get; } = CliOptions.Flag("json", "the same as --format json");

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Json);
    }

    public OutputFormat Read(ParseResult result)
    {
        var format = result.GetValue(Format);
        if (result.GetValue(Json))
        {
            return format is null or OutputFormat.Json
                ? OutputFormat.Json
                : throw new CliException($"--json is --format json; give one of --json and --format {format.Value.ToString().ToLowerInvariant()}.");
        }

        return format ?? OutputFormat.Table;
    }
}
