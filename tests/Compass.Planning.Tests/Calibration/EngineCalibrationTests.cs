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
        EngineCalibrator.Calibrate(TestCatalog.Catalog, CalibrationData.H100Kernels, TestCatalog.Catalog.Benchmarks, CalibrationData.Description));

    // Run with COMPASS_UPDATE_CALIBRATION=1 to rewrite engine-calibration.json after changing the method or the data.
    [Fact]
    public void ShippedCalibration_EqualsAFreshFit()
    {
        var document = new CalibrationDocument
        {
            Description = "Step-time coefficients per GPU class, fitted by Compass.Planning's EngineCalibrator from the data in "
                + "tests/data/calibration and the embedded benchmark table. Regenerate: COMPASS_UPDATE_CALIBRATION=1 dotnet test "
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
    public void H100Efficiencies_ArePhysical()
    {
        var h100 = Fresh.Value.Single(c => c.Gpu == GpuType.H100);
        Assert.True(h100.Calibrated);
        Assert.InRange(h100.GemmEfficiency, 0.4, 1);
        Assert.InRange(h100.MemoryEfficiency, 0.5, 1);
        Assert.InRange(h100.AttentionEfficiency, 0.1, 1);
        Assert.InRange(h100.CommunicationEfficiency, 0.1, 1);
        Assert.InRange(h100.StepOverheadMs, 0, 50);
    }

    [Fact]
    public void GpuWithoutKernelTimings_BorrowsComputeEfficienciesAndSaysSo()
    {
        var h100 = Fresh.Value.Single(c => c.Gpu == GpuType.H100);
        var a100 = Fresh.Value.Single(c => c.Gpu == GpuType.A100Sxm80);
        Assert.Equal(h100.GemmEfficiency, a100.GemmEfficiency);
        Assert.Contains("from H100 kernel timings", a100.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasheetOnlyGpu_UsesReferenceEfficiencies_Labelled()
    {
        var l4 = EngineProfiles.CoefficientsFor(TestCatalog.Catalog, GpuType.L4);
        Assert.False(l4.Calibrated);
        Assert.Contains("no calibration data for L4", l4.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void CalibratedStepModel_ReproducesKernelGemmTimesWithin25Percent()
    {
        var h100 = Fresh.Value.Single(c => c.Gpu == GpuType.H100);
        var gpu = TestCatalog.Gpu("H100");
        var gemm = CalibrationData.H100Kernels.Where(k => k.Operation == KernelOperation.Gemm && k.LatencyUs > 100).ToArray();
        var errors = gemm.Select(k =>
        {
            var (compute, memory, _) = KernelRoofline.Ideal(k, gpu);
            var predicted = Math.Max(compute / h100.GemmEfficiency, memory / h100.MemoryEfficiency);
            return Math.Abs(predicted - k.LatencyUs) / k.LatencyUs;
        }).Order().ToArray();
        Assert.True(errors[errors.Length / 2] < 0.25, $"median GEMM error {errors[errors.Length / 2]:P1}");
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
        CommunicationEfficiency = Math.Round(c.CommunicationEfficiency, 4),
        AllReduceLatencyUs = Math.Round(c.AllReduceLatencyUs, 3),
        StepOverheadMs = Math.Round(c.StepOverheadMs, 4),
        SequenceOverheadUs = Math.Round(c.SequenceOverheadUs, 3),
        LayerOverheadUs = Math.Round(c.LayerOverheadUs, 3),
        RequestOverheadMs = Math.Round(c.RequestOverheadMs, 3),
        OutputTokenOverheadMs = Math.Round(c.OutputTokenOverheadMs, 4),
        FormatFactors = [.. c.FormatFactors.Select(f => f with { Factor = Math.Round(f.Factor, 4) })],
    };
}
