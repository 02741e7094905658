using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Compass.Core.Knowledge;
using Compass.Planning.Intent;

namespace Compass.Planning.Tests.Intent;

/// <summary>
/// docs/intent-extraction.md's per-field table of the fresh corpus (tests/data/intents) is generated here from a run of
/// the deterministic extractor; the test fails when the document is stale (rewrite it with COMPASS_UPDATE_INTENT_DOCS=1)
/// and when the held-back pass rate falls below its floor.
/// </summary>
public sealed partial class IntentCorpusDocumentTests
{
    /// <summary>
    /// The held-back part may not fall below this share of whole scenarios. It is the rate reached so far, so that a rule
    /// change that loses held-back scenarios fails CI; issue 16's target is 0.85, and the floor rises with the rules.
    /// </summary>
    private const double HeldBackFloor = 0.85;

    private static readonly (string Name, string File)[] Parts =
    [
        ("Development", "development.json"),
        ("Development 2", "development-2.json"),
        ("Development 3", "development-3.json"),
        ("Development 4", "development-4.json"),
        ("Development 5", "development-5.json"),
        ("Development 6", "development-6.json"),
        ("Development 7", "development-7.json"),
        ("Development 8", "development-8.json"),
        ("Held-back", "held-back.json"),
    ];

    private static readonly string Document = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "intent-extraction.md"));

    [Fact]
    public async Task CorpusTable_IsTheOneTheExtractorGives_AndHeldBackStaysAboveItsFloor()
    {
        var extractor = new DeterministicIntentExtractor(EmbeddedKnowledgeBase.Catalog);
        var reports = new List<IntentEvaluationReport>();
        foreach (var (_, file) in Parts)
        {
            var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "intents", file));
            reports.Add(await IntentEvaluation.RunAsync(extractor, json));
        }

        var table = Render(reports);
        var text = await File.ReadAllTextAsync(Document);
        var pattern = Section();
        Assert.Matches(pattern, text);
        var updated = pattern.Replace(text, m => m.Groups[1].Value + table + m.Groups[3].Value);
        if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_INTENT_DOCS") == "1")
        {
            await File.WriteAllTextAsync(Document, updated);
            text = updated;
        }

        Assert.Equal(updated, text);
        var heldBack = reports[^1];
        Assert.True(heldBack.PassRate >= HeldBackFloor,
            string.Create(CultureInfo.InvariantCulture, $"held-back pass rate {heldBack.PassRate:P1} fell below its floor {HeldBackFloor:P0}"));
    }

    private static string Render(IReadOnlyList<IntentEvaluationReport> reports)
    {
        var fields = IntentScenarioSet.Fields
            .Where(f => reports.Any(r => r.Results.Any(s => s.Fields.Any(v => v.Field == f))))
            .ToList();
        var text = new StringBuilder();
        text.Append("| Field | ").AppendJoin(" | ", Parts.Select(p => p.Name)).AppendLine(" |");
        text.Append("| --- |").AppendJoin(string.Empty, Parts.Select(_ => " ---: |")).AppendLine();
        foreach (var field in fields)
        {
            text.Append("| `").Append(field).Append("` |");
            foreach (var report in reports)
            {
                var verdicts = report.Results.SelectMany(r => r.Fields).Where(v => v.Field == field).ToList();
                text.Append(' ').Append(Cell(verdicts.Count(v => v.Passed), verdicts.Count)).Append(" |");
            }

            text.AppendLine();
        }

        text.Append("| **whole scenarios** |");
        foreach (var report in reports)
        {
            text.Append(" **").Append(Cell(report.PassedCount, report.Results.Length)).Append("** |");
        }

        return text.AppendLine().ToString();
    }

    private static string Cell(int passed, int total)
        => total == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{passed}/{total} ({100.0 * passed / total:0.0}%)");

    [GeneratedRegex("(<!-- begin:intent-corpus -->\\n)(.*?)(<!-- end:intent-corpus -->)", RegexOptions.Singleline)]
    private static partial Regex Section();
}
