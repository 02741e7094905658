namespace Compass.Cli.Tests;

/// <summary>What the System.CommandLine definition adds: --version, --format, completions and clear parse errors.</summary>
public sealed class CliDefinitionTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task Version_PrintsTheInformationalVersion(string arg)
    {
        var run = await CliRun.RunAsync(arg);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("compass " + CompassRootCommand.Version, run.Stdout.Trim());
        Assert.StartsWith("0.1.0", CompassRootCommand.Version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format must be one of table, json, markdown, csv (got 'xml')", "catalog", "gpus", "--format", "xml")]
    [InlineData("--json is --format json", "catalog", "gpus", "--json", "--format", "csv")]
    [InlineData("--format is given twice", "plan", "chatbot for 500 users", "--format", "csv", "--format", "json")]
    [InlineData("--top must be between 1 and 100 (got 0)", "plan", "chatbot for 500 users", "--top", "0")]
    [InlineData("--explain takes no value", "plan", "chatbot for 500 users", "--explain=yes")]
    [InlineData("Did you mean --format?", "catalog", "gpus", "--fromat", "csv")]
    [InlineData("Unknown command 'pln'. Did you mean plan?", "pln", "x")]
    [InlineData("Unknown db command 'inti'", "db", "inti")]
    [InlineData("--out needs a value", "generate", "--plan", "plan.json", "--out")]
    [InlineData("'-x' is not an option of 'compass estimate'", "estimate", "-x")]
    public async Task BadCommandLines_GetOneLineThatSaysWhatToFix(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Contains(expected, run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Help_IsGeneratedFromTheDefinition_WithTheCommandsDetails()
    {
        var root = await CliRun.RunAsync("--help");
        var generate = await CliRun.RunAsync("generate", "--help");

        Assert.Equal(ExitCodes.Success, root.ExitCode);
        foreach (var command in new[] { "plan", "simulate", "catalog", "generate", "deploy", "loadtest", "validate", "db", "calibrate" })
        {
            Assert.Contains("  " + command, root.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("--rank <N>", generate.Stdout, StringComparison.Ordinal);
        Assert.Contains("Details:", generate.Stdout, StringComparison.Ordinal);
        Assert.Contains(".compass-manifests", generate.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan x --gpu H", "H100")]
    [InlineData("plan x --pricing ", "reserved")]
    [InlineData("catalog ", "use-cases")]
    [InlineData("plan x --for", "--format")]
    public async Task SuggestDirective_CompletesCommandsOptionsAndCatalogNames(string line, string expected)
    {
        var run = await CliRun.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(expected, run.Stdout.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Catalog_Csv_HasAHeaderAndOneParseableRowPerGpu()
    {
        var csv = await CliRun.RunAsync("catalog", "gpus", "--format", "csv");
        var json = await CliRun.RunAsync("catalog", "gpus", "--json");

        Assert.Equal(ExitCodes.Success, csv.ExitCode);
        var rows = Csv.Parse(csv.Stdout);
        Assert.Equal("GPU", rows[0][0]);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(doc.RootElement.GetArrayLength(), rows.Count - 1);
    }

    [Fact]
    public async Task Catalog_Markdown_IsATable()
    {
        var run = await CliRun.RunAsync("catalog", "models", "--format", "markdown");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("| Model |", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\|(-+:?\|)+$", lines[1]);
        Assert.All(lines, l => Assert.True(l.StartsWith('|') && l.EndsWith('|'), l));
    }
}
