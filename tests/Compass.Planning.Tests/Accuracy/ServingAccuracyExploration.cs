using System.Globalization;
using System.Text;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;
using Xunit.Abstractions;

namespace Compass.Planning.Tests.Accuracy;

public sealed class ServingAccuracyExploration(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        if (Environment.GetEnvironmentVariable("COMPASS_EXPLORE") != "1")
        {
            return;
        }

        var catalog = TestCatalog.Catalog;
        var runs = RealRun.Load(Path.Combine(AppContext.BaseDirectory, "data", "real", "serving.csv"));
        var resolved = new List<ResolvedRun>();
        foreach (var run in runs)
        {
            var (r, _) = RealRunPredictor.Resolve(run, catalog);
            if (r is null)
            {
                continue;
            }

            try
            {
                var sim = RealRunPredictor.Simulate(r, EngineProfiles.CoefficientsFor(catalog, r.Gpu.Type));
                if (sim.Rejected == 0 && sim.Completed > 0)
                {
                    resolved.Add(r);
                }
            }
            catch (ArgumentException)
            {
            }
        }

        var observations = resolved.Select(r => RealRunPredictor.Observation(r, catalog)).ToList();
        var sb = new StringBuilder();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var prior = EngineCalibrator.OverheadPrior;
        sb.AppendLine(CultureInfo.InvariantCulture, $"{observations.Count} runs; prior loss {EngineOverheadFit.Loss(observations, prior):0.000} ({watch.ElapsedMilliseconds} ms)");
        var fitted = EngineOverheadFit.Fit(observations, prior, "explore");
        sb.AppendLine(CultureInfo.InvariantCulture, $"fitted {fitted} loss {EngineOverheadFit.Loss(observations, fitted):0.000} ({watch.ElapsedMilliseconds} ms)");
        foreach (var r in resolved)
        {
            var p = RealRunPredictor.Predict(r, RealRunPredictor.With(EngineProfiles.CoefficientsFor(catalog, r.Gpu.Type), fitted));
            var m = r.Run.Measured;
            string F(double? meas, double? pred) => meas is { } a && pred is { } b ? string.Create(CultureInfo.InvariantCulture, $"{a,8:0.0}/{b,8:0.0} ({100 * (b / a - 1),5:0}%)") : "        -               ";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Run.Id} {RealRunPredictor.Describe(r),-40} v{r.Run.VllmVersion,-7} {r.Run.Workload,-8} in={r.Run.InputTokens} out={r.Run.OutputTokens} c={r.Run.Concurrency} n={r.Run.Prompts} | TTFT {F(m.TtftMean, p.TtftMean)} TPOT {F(m.TpotMean, p.TpotMean)} ITL {F(m.ItlMean, p.ItlMean)} OUT {F(m.OutputTokensPerSecond, p.OutputTokensPerSecond)}");
        }

        File.WriteAllText("/tmp/explore.txt", sb.ToString());
        output.WriteLine(sb.ToString());
    }
}
