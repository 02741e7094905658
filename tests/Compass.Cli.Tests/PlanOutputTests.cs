using System.Text.Json;

namespace Compass.Cli.Tests;

/// <summary>compass plan's layouts and formats: fitted to the width, and the same plan in JSON, Markdown and CSV.</summary>
public sealed class PlanOutputTests
{
    private const string Description = "customer service chatbot for 5000 users, low latency";

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(140)]
    public async Task Plan_NeverExceedsTheWidth(int width)
    {
        var run = await CliRun.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["COLUMNS"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "plan", Description, "--top", "5", "--explain");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        Assert.Contains("#1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("time to first token", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("single VM", run.Stdout, StringComparison.Ordinal);
        if (width < 100)
        {
            // One block per recommendation instead of the table.
            Assert.DoesNotContain("TTFT p95 ms", run.Stdout, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("TTFT p95 ms", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Plan_ExplainsTheTermsOnce_OnlyWhenAsked()
    {
        var plain = await CliRun.RunAsync("plan", Description);
        var explained = await CliRun.RunAsync("plan", Description, "--explain");

        Assert.DoesNotContain("time to first token", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("--explain", plain.Stdout, StringComparison.Ordinal);
        Assert.Single(AllIndexes(explained.Stdout, "time to first token"));
        Assert.Single(AllIndexes(explained.Stdout, "Pareto frontier: no other option"));
    }

    [Fact]
    public async Task Plan_FormatJson_IsTheJsonOfJson()
    {
        var json = await CliRun.RunAsync("plan", Description, "--json");
        var format = await CliRun.RunAsync("plan", Description, "--format", "json");

        Assert.Equal(ExitCodes.Success, format.ExitCode);
        Assert.Equal(json.Stdout, format.Stdout);
    }

    [Fact]
    public async Task Plan_Csv_HasAHeader_AndOneRowPerRecommendation_MatchingTheJson()
    {
        var csv = await CliRun.RunAsync("plan", Description, "--format", "csv");
        var json = await CliRun.RunAsync("plan", Description, "--json");

        Assert.Equal(ExitCodes.Success, csv.ExitCode);
        var rows = Csv.Parse(csv.Stdout);
        var header = rows[0];
        Assert.Equal("rank", header[0]);
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        using var doc = JsonDocument.Parse(json.Stdout);
        var recommendations = doc.RootElement.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(recommendations.Count, rows.Count - 1);
        for (var i = 0; i < recommendations.Count; i++)
        {
            var row = rows[i + 1];
            Assert.Equal(recommendations[i].GetProperty("rank").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row[header.IndexOf("rank")]);
            Assert.Equal(recommendations[i].GetProperty("model").GetString(), row[header.IndexOf("model")]);
            Assert.Equal(recommendations[i].GetProperty("gpu").GetString(), row[header.IndexOf("gpu")]);
        }
    }

    [Fact]
    public async Task Plan_Markdown_IsATableWithOneRowPerRecommendation()
    {
        var run = await CliRun.RunAsync("plan", Description, "--format", "markdown", "--top", "3");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2 + 3, lines.Length);
        Assert.StartsWith("| rank |", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\|(-+:?\|)+$", lines[1]);
    }

    private static List<int> AllIndexes(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }
}
