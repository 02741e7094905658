using System.Text.RegularExpressions;
using Compass.Planning.Calibration;

namespace Compass.Planning.Tests.Accuracy;

/// <summary>
/// docs/accuracy.md's tables are generated from the real data by <see cref="AccuracyReport"/>; this test regenerates
/// them and fails when the document is stale. Rewrite them with COMPASS_UPDATE_ACCURACY=1 after changing the model,
/// the calibration or the data.
/// </summary>
public sealed partial class AccuracyDocumentTests
{
    private static readonly string Document = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "accuracy.md"));

    [Fact]
    public void AccuracyTables_AreTheOnesTheDataGives()
    {
        var steps = AccuracyReport.HeldOutSteps(out var naiveSteps);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["steps"] = AccuracyReport.RenderSteps(steps, naiveSteps),
            ["batches"] = AccuracyReport.RenderBlocks(AccuracyReport.Batches(), ["latency"]),
            ["serving"] = AccuracyReport.RenderBlocks(AccuracyReport.Serving(), AccuracyReport.ServingMetrics),
            ["throughput"] = AccuracyReport.RenderBlocks(AccuracyReport.Offline(), ["requests/s"]),
        };
        var text = File.ReadAllText(Document);
        var updated = text;
        foreach (var (name, table) in sections)
        {
            var pattern = new Regex($"(<!-- begin:{name} -->\\n)(.*?)(<!-- end:{name} -->)", RegexOptions.Singleline);
            Assert.Matches(pattern, text);
            updated = pattern.Replace(updated, m => m.Groups[1].Value + table + m.Groups[3].Value);
        }

        if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_ACCURACY") == "1")
        {
            File.WriteAllText(Document, updated);
            text = updated;
        }

        Assert.Equal(updated, text);
    }

    [Fact]
    public void HeldOutSteps_BeatTheNaiveRoofline_OnEveryShapeAndPhase()
    {
        var steps = AccuracyReport.HeldOutSteps(out var naive);
        foreach (var e in steps)
        {
            var n = naive.Single(x => x.Model == e.Model && x.Phase == e.Phase);
            Assert.True(e.Mape < n.Mape, $"{e.Model} {e.Phase}: {e.Mape:0.0}% vs naive {n.Mape:0.0}%");
        }
    }
}
