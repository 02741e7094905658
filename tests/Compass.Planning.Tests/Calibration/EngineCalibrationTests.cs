using System.Text.Json;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Calibration;
using Compass.Planning.Engine;

namespace Compass.Planning.Tests.Calibration;

public sealed class EngineCalibrationTests
{
    private static readonly string CalibrationFile = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Compass.Core", "Knowledge", "Data", "engine-calibration.json"));

    private static readonly Lazy<IReadOnlyList<EngineCoefficients>> Fresh = new(() =>
        EngineCalibrator.Calibrate(
            TestCatalog.Catalog, CalibrationData.H100Steps, CalibrationData.H100Kernels, ServingData.CalibrationBatches, ServingData.CalibrationServing, CalibrationData.Description));

    private static GpuSpec H100 => TestCatalog.Gpu("H100");

    // Run with COMPASS_UPDATE_CALIBRATION=1 to rewrite engine-calibration.json after changing the method or the data.
    [Fact]
    public void ShippedCalibration_EqualsAFreshFit()
    {
        var document = new CalibrationDocument
        {
            Description = "Step-time coefficients per GPU class, fitted by Compass.Planning's EngineCalibrator from real measurements in "
                + "tests/data/calibration and tests/data/real. Regenerate: COMPASS_UPDATE_CALIBRATION=1 dotnet test "
                + "tests/Compass.Planning.Tests --filter ShippedCalibration. See docs/accuracy.md.",
            Calibrations = [.. Fresh.Value.Select(Rounded)],
        };
        var expected = JsonSerializer.Serialize(document, CompassJson.Options);
        if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_CALIBRATION") == "1")
        {
            File.WriteAllText(CalibrationFile, expected + "\n");
        }

        Assert.Equal(expected.Trim(), File.ReadAllText(CalibrationFile).Trim());
    }

    [Fact]
    public void H100_RestsOnMeasuredStepTimings_AndSaysSo()
    {
        var h100 = Fresh.Value.Single(c => c.Gpu == GpuType.H100);
        Assert.True(h100.Calibrated);
        Assert.InRange(h100.GemmEfficiency, 0.4, 0.95);
        Assert.InRange(h100.MemoryEfficiency, 0.5, 0.95);
        Assert.InRange(h100.EffectiveKvBandwidthEfficiency, 0.5, 1);
        Assert.InRange(h100.AttentionEfficiency, 0.2, 1);
        Assert.Contains(h100.Evidence, e => e.Part == "gpu work" && e.Kind == EvidenceKind.Measured);
        Assert.Contains(h100.Evidence, e => e.Part == "all-reduce" && e.Kind == EvidenceKind.Measured && e.Detail.StartsWith("bandwidth from kernel timings", StringComparison.Ordinal));
        Assert.Contains(h100.Evidence, e => e.Part == "engine overhead" && e.Kind == EvidenceKind.Measured);
        Assert.DoesNotContain("BLIS", h100.Source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GpuWithoutMeasurements_IsExtrapolatedFromH100_AndLabelled()
    {
        foreach (var gpu in new[] { GpuType.L4, GpuType.L40S, GpuType.A10G, GpuType.B200 })
        {
            var c = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, gpu);
            Assert.False(c.Calibrated);
            Assert.Contains($"no calibration data for {gpu}", c.Source, StringComparison.Ordinal);
            Assert.Contains(c.Evidence, e => e.Part == "gpu work" && e.Kind == EvidenceKind.Extrapolated && e.Detail.StartsWith("from H100", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void HeldOutShapes_MeetTheStepTargets_AndBeatTheNaiveRoofline()
    {
        var held = GpuWorkFit.LeaveOneShapeOut(H100, CalibrationData.H100Steps, EngineCalibrator.Start(GpuType.H100, EngineCalibrator.OverheadPrior));
        foreach (var error in GpuWorkFit.Errors(held, usedOnly: true))
        {
            var limit = error.Phase switch { StepPhase.Decode => 5.0, StepPhase.Prefill => 8.0, _ => 10.0 };
            Assert.True(error.Mape <= limit, $"{error.Model} {error.Phase}: held-out MAPE {error.Mape:0.0}% > {limit}%");
            var naive = CalibrationData.H100Steps.Where(s => s.Model.Id == error.Model && s.Phase == error.Phase && !GpuWorkFit.IsLaunchBound(s, CalibrationData.H100Steps))
                .Average(s => Math.Abs((NaiveRoofline.Predict(s, H100) / s.MeasuredMs) - 1)) * 100;
            Assert.True(error.Mape < naive, $"{error.Model} {error.Phase}: {error.Mape:0.0}% does not beat the naive roofline's {naive:0.0}%");
        }
    }

    [Fact]
    public void LaunchBoundPrefill_IsTheOnlySampleLeftOut()
    {
        var left = CalibrationData.H100Steps.Where(s => GpuWorkFit.IsLaunchBound(s, CalibrationData.H100Steps)).ToList();

        var only = Assert.Single(left);
        Assert.Equal("prefill B=1 P=128", only.Label);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", only.Model.Id.Value);
    }

    [Fact]
    public void Fit_FromOtherStartingPoints_LandsOnTheSameError()
    {
        var samples = CalibrationData.H100Steps;
        var a = GpuWorkFit.Fit(H100, samples, EngineCalibrator.Start(GpuType.H100, EngineCalibrator.OverheadPrior));
        var b = GpuWorkFit.Fit(H100, samples, EngineCalibrator.Start(GpuType.H100, EngineCalibrator.OverheadPrior) with { GemmEfficiency = 0.4, MemoryEfficiency = 0.5, AttentionEfficiency = 0.3 });
        var ea = EngineCalibrator.Mape(GpuWorkFit.PredictAll(H100, samples, a).Where(p => p.Used));
        var eb = EngineCalibrator.Mape(GpuWorkFit.PredictAll(H100, samples, b).Where(p => p.Used));
        Assert.InRange(Math.Abs(ea - eb), 0, 0.5);
    }

    [Fact]
    public void Nnls_KeepsSolutionNonNegative_AndSolvesExactSystems()
    {
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        var exact = NonNegativeLeastSquares.Solve(a, MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray([2, 3, 5]));
        Assert.Equal(2, exact[0], 9);
        Assert.Equal(3, exact[1], 9);
        var clipped = NonNegativeLeastSquares.Solve(a, MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray([-2, 3, 1]));
        Assert.Equal(0, clipped[0]);
        Assert.True(clipped[1] > 0);
    }

    private static EngineCoefficients Rounded(EngineCoefficients c) => c with
    {
        GemmEfficiency = Math.Round(c.GemmEfficiency, 4),
        AttentionEfficiency = Math.Round(c.AttentionEfficiency, 4),
        MemoryEfficiency = Math.Round(c.MemoryEfficiency, 4),
        KvBandwidthEfficiency = Math.Round(c.KvBandwidthEfficiency, 4),
        ActivationTraffic = Math.Round(c.ActivationTraffic, 4),
        CommunicationEfficiency = Math.Round(c.CommunicationEfficiency, 4),
        AllReduceLatencyUs = Math.Round(c.AllReduceLatencyUs, 3),
        LayerOverheadUs = Math.Round(c.LayerOverheadUs, 3),
        StepFixedMs = Math.Round(c.StepFixedMs, 4),
        StepOverheadMs = Math.Round(c.StepOverheadMs, 4),
        SequenceOverheadUs = Math.Round(c.SequenceOverheadUs, 3),
        RequestOverheadMs = Math.Round(c.RequestOverheadMs, 3),
        OutputTokenOverheadMs = Math.Round(c.OutputTokenOverheadMs, 4),
    };
}
